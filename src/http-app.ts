import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { bodyLimits } from './access/body-limits';
import { ApiTokensService } from './access/api-tokens.service';
import { AppModule, AppModuleOptions } from './app.module';
import { AppLogger, loggerLevels } from './common/app-logger';
import { applyHttpHygiene } from './common/http/http-hygiene';
import { ProblemJsonFilter } from './common/http/problem-json.filter';
import { createValidationPipe } from './common/http/validation.pipe';
import { installConsoleHttp } from './console/console-http';

/** The HTTP application, as `npm start` and the e2e tests build it. */
export async function createHttpApp(options: AppModuleOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    logger: new AppLogger(options.config.logLevel, options.config.logFormat),
    bodyParser: false,
  });
  applyHttpHygiene(app);
  // Bodies are read only after the token is known, with a small limit without one (issue 15, item 6).
  app.use(bodyLimits(app.get(ApiTokensService)));
  // The web console (issue 14): session cookie, form bodies and static files outside /api.
  installConsoleHttp(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemJsonFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Costclose')
      .setDescription('Inventory costing and period close: item journal, ledgers, cost adjustment, G/L posting, reconciliation, reports.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API token (cc_…): POST /api/auth/login, or issued by an admin' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}

export { loggerLevels };
