/**
 * A table of figures as 統計 and 月次レポート show them: the columns are described once (heading and cell),
 * figures are right-aligned, and a first column may name its row for screen readers.
 */
import type { ComponentChildren } from 'preact';
import { formatCount } from '../logic/figures.ts';

export interface Column<Row> {
  header: ComponentChildren;
  cell: (row: Row, index: number) => ComponentChildren;
  /** A figure: right-aligned, heading included. */
  number?: boolean;
  /** The cell names its row (`<th scope="row">`). */
  rowHeader?: boolean;
  /** The body cells' class; a function when it depends on the row. */
  class?: string | ((row: Row) => string | undefined);
}

interface FigureTableProps<Row> {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  caption?: ComponentChildren;
  /** `stat-table` for tables whose rows are named in the first column. */
  class?: string;
}

/** @example <FigureTable columns={[countColumn('件数', (row) => row.count)]} rows={rows} rowKey={(row) => row.id} /> */
export function FigureTable<Row>({ columns, rows, rowKey, caption, class: className }: FigureTableProps<Row>) {
  return (
    <div class="table-wrap">
      <table class={className}>
        {caption === undefined ? null : <caption class="table-caption">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col" class={column.number ? 'number' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, rowIndex) => (
            <tr key={rowKey(row)}>
              {columns.map((column, index) => {
                const content = column.cell(row, rowIndex);
                if (column.rowHeader) return <th key={index} scope="row">{content}</th>;
                const cellClass = column.number ? 'number' : typeof column.class === 'function' ? column.class(row) : column.class;
                return (
                  <td key={index} class={cellClass}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A column of counts, written as 1,234. */
export function countColumn<Row>(header: string, count: (row: Row) => number): Column<Row> {
  return { header, number: true, cell: (row) => formatCount(count(row)) };
}
