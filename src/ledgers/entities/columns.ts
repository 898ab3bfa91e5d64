/** Column kinds the ledger schemas share. */
import { DecimalColumnType } from '../../database/decimal-column.type';

export const amount = { type: DecimalColumnType, columnType: 'numeric', default: '0' } as const;
export const entryNo = { type: 'integer', primary: true, autoincrement: false } as const;
export const date = { type: 'date', columnType: 'date' } as const;
export const code = { type: 'string', default: '' } as const;
