/**
 * The city facts (市の情報) as an editable table: name → value rows, checked before saving.
 */

export interface FactRow {
  key: number;
  name: string;
  value: string;
}

let nextKey = 1;

/** @example newFactRow().name // '' */
export function newFactRow(name = '', value = ''): FactRow {
  return { key: nextKey++, name, value };
}

/** @example factRows({ 市名: 'まどぐち市' })[0].name // '市名' */
export function factRows(facts: Readonly<Record<string, string>>): FactRow[] {
  return Object.entries(facts).map(([name, value]) => newFactRow(name, value));
}

/**
 * The facts to save and what is wrong with the table (blank names with a value, the same name twice,
 * braces in a name).
 *
 * @example factsFromRows([newFactRow(' 市名 ', 'まどぐち市')]) // { facts: { 市名: 'まどぐち市' }, problems: [] }
 */
export function factsFromRows(rows: readonly FactRow[]): { facts: Record<string, string>; problems: string[] } {
  const facts: Record<string, string> = {};
  const problems: string[] = [];
  rows.forEach((row, index) => {
    const name = row.name.trim();
    if (name === '') {
      if (row.value.trim() !== '') problems.push(`${index + 1} 行目: 名前を入力してください。`);
      return;
    }
    if (/[{}]/.test(name)) problems.push(`${index + 1} 行目: 名前に {{ }} は付けずに書いてください（例: 市名）。`);
    else if (Object.hasOwn(facts, name)) problems.push(`${index + 1} 行目: 「${name}」は上の行にもあります。1 つにしてください。`);
    else facts[name] = row.value.trim();
  });
  return { facts, problems };
}
