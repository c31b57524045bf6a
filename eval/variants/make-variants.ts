/**
 * Retypes evaluation questions the way people type on phones, with a fixed seed so the sets are the same on
 * every machine: kanji words in hiragana (p = 0.6), a fifth of the questions wholly in hiragana, katakana in
 * half-width (p = 0.7), ASCII in full width, and short questions in romaji one time in twenty, without long
 * vowels (juminhyo).
 * Expected answers are kept, so `npm run eval` can say what share of ranking quality survives the retyping.
 *
 *   node --import tsx eval/variants/make-variants.ts eval/citizen.csv eval/variants/citizen.csv
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { toHiragana, toRomaji } from 'wanakana';
import { loadTokenizer } from '@madoguchi/lexicon';

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: make-variants.ts INPUT.csv OUTPUT.csv');

/** Park–Miller: small, seeded, the same everywhere. */
let seed = 20261208;
const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;

const KANJI = /\p{Script=Han}/u;
const KATAKANA = /^[\p{Script=Katakana}ー]+$/u;
const HALF_WIDTH: Record<string, string> = {};
const FULL = 'ァアィイゥウェエォオカキクケコサシスセソタチッツテトナニヌネノハヒフヘホマミムメモャヤュユョヨラリルレロワヲンー';
const HALF = 'ｧｱｨｲｩｳｪｴｫｵｶｷｸｹｺｻｼｽｾｿﾀﾁｯﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓｬﾔｭﾕｮﾖﾗﾘﾙﾚﾛﾜｦﾝｰ';
for (let i = 0; i < FULL.length; i++) HALF_WIDTH[FULL[i]!] = HALF[i]!;
const VOICED = 'ガギグゲゴザジズゼゾダヂヅデドバビブベボ';
const VOICED_BASE = 'カキクケコサシスセソタチツテトハヒフヘホ';
const SEMI = 'パピプペポ';

function halfWidthKatakana(text: string): string {
  let out = '';
  for (const ch of text) {
    const voiced = VOICED.indexOf(ch);
    const semi = SEMI.indexOf(ch);
    if (voiced >= 0) out += HALF_WIDTH[VOICED_BASE[voiced]!]! + 'ﾞ';
    else if (semi >= 0) out += HALF_WIDTH['ハヒフヘホ'[semi]!]! + 'ﾟ';
    else out += HALF_WIDTH[ch] ?? ch;
  }
  return out;
}

function fullWidthAscii(text: string): string {
  return text.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
}

/** How people type romaji: no long vowels (じゅうみんひょう → juminhyo). */
function casualRomaji(kana: string): string {
  return toRomaji(kana).replace(/ou/g, 'o').replace(/uu/g, 'u').replace(/oo/g, 'o').replace(/ei/g, 'e');
}

const tokenizer = await loadTokenizer();
const rows = parse(readFileSync(input, 'utf8').replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
const retyped = rows.map((row) => {
  const morphemes = tokenizer.tokenize(row.question!);
  const reading = (m: { surface: string; reading: string }): string => (m.reading && m.reading !== '*' ? toHiragana(m.reading) : m.surface);
  const style = random();
  let question: string;
  let how: string;
  // Romaji is typed for a few words, never for a long sentence.
  if (style < 0.05 && [...row.question!].length <= 16) {
    question = row.question!
      .split(/\s+/)
      .map((chunk) => casualRomaji(tokenizer.tokenize(chunk).map(reading).join('')))
      .join(' ');
    how = 'romaji';
  } else if (style < 0.25) {
    question = morphemes.map((m) => (/[\p{Script=Han}\p{Script=Katakana}]/u.test(m.surface) ? reading(m) : m.surface)).join('');
    how = 'hiragana';
  } else {
    question = morphemes
      .map((m) => {
        if (KANJI.test(m.surface) && m.pos === '名詞' && random() < 0.6) return reading(m);
        if (KATAKANA.test(m.surface) && random() < 0.7) return halfWidthKatakana(m.surface);
        return m.surface;
      })
      .join('');
    how = 'mixed';
  }
  return { ...row, question: fullWidthAscii(question), variant: how };
});
writeFileSync(output, stringify(retyped, { header: true, columns: [...Object.keys(rows[0] ?? {}), 'variant'] }));
console.log(`${output}: ${retyped.length} questions`);
