import type request from 'supertest';

/**
 * A supertest parser that collects a binary body (PDF, zip) as a Buffer: supertest leaves types
 * it does not know unparsed. Use as `.buffer(true).parse(binary)`.
 */
export function binary(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
  stream.on('error', (e: Error) => done(e, Buffer.alloc(0)));
}
