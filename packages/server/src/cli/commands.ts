/**
 * What each CLI command does; `main.ts` only wires arguments to these.
 */
import { createWriteStream } from 'node:fs';
import type { BlockList } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { finished } from 'node:stream/promises';
import { NO_MODEL_CONFIG, type ModelConfig } from '../ai/models/model-config.ts';
import { createModelProviders } from '../ai/models/providers.ts';
import { createStaffAccount, LOGIN_ID_PATTERN, resetStaffPassword, resetStaffTotp, unlockStaffAccount } from '../admin/accounts/account-service.ts';
import { countLogExport, logFormatOf, writeLogExport } from '../admin/logs/log-export.ts';
import { parseDayRange, questionsOfStore } from '../admin/statistics/read-statistics.ts';
import { evaluate, rankedIds } from '../evaluation/metrics.ts';
import { parseEvaluationCsv } from '../evaluation/cases-file.ts';
import { formatReport } from '../evaluation/report.ts';
import { buildApp } from '../http/app.ts';
import { shutDown } from '../http/shutdown.ts';
import { metricsTokenFromEnvironment } from '../observability/metrics.ts';
import { formatFromFileName, parseQaFile, writeQaFile } from '../qa/io/index.ts';
import { CHARACTER_SETTING, resolveCharacter } from '../character/character.ts';
import { CHAT_MENU_SETTING } from '../chat/chat-service.ts';
import { CITY_FACTS_SETTING } from '../qa/placeholders.ts';
import { ENGINE_OPTIONS_SETTING, SearchService } from '../search/search-service.ts';
import type { OutboundAllowList } from '../security/outbound-guard.ts';
import { seedIfEmpty } from '../starter/seed.ts';
import { AccountAlreadyExistsError, AccountNotFoundError } from '../store/errors.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import type { StaffRole, Store } from '../store/store.ts';
import { semanticEvaluationReport } from './semantic-eval.ts';
import { startScheduledBackups, type BackupScheduleSettings } from './backup-commands.ts';
import { openStore, storeLocation, type GlobalOptions } from './options.ts';

/** Who the audit log names for a command: the person behind sudo, when the command runs as the service account. */
const CLI_ACTOR = `cli:${process.env.SUDO_USER ?? process.env.USER ?? 'unknown'}`;

/** `serve`'s hardening flags, parsed (secrets such as the metrics token come only from the environment). */
export interface ServeSecuritySettings {
  frameOrigins?: string[];
  adminAllow?: BlockList;
  https: boolean;
  outboundAllow?: OutboundAllowList;
  cityHosts?: Set<string>;
  answerImageHosts?: Set<string>;
}

export async function serveCommand(
  options: GlobalOptions & { port: number; host: string; trustProxy: string | undefined; chatRateLimit: number; fileSizes: boolean; sourceChecks: boolean; models: ModelConfig } & BackupScheduleSettings & ServeSecuritySettings,
): Promise<void> {
  const metricsToken = metricsTokenFromEnvironment();
  const store = await openStore(options);
  const seeded = await seedIfEmpty(store, options.site);
  if (seeded > 0) console.error(`スターターパックの QA ${seeded} 件を登録しました（${storeLocation(options)}）`);
  const search = await SearchService.open(store, options.site);
  // After the published index, so the analyses it cached make this one quick.
  const working = await SearchService.open(store, options.site, { scope: 'working' });
  const models = createModelProviders(options.models, store, options.site, { onUsageError: (error) => app.log.warn({ err: error }, 'model usage not recorded') });
  const app = await buildApp({
    store,
    siteId: options.site,
    search,
    working,
    logger: true,
    trustProxy: trustProxySetting(options.trustProxy),
    rateLimits: { chat: options.chatRateLimit, feedback: options.chatRateLimit },
    linkedFileSizes: options.fileSizes,
    sourceChecks: options.sourceChecks ? {} : false,
    security: { https: options.https, frameOrigins: options.frameOrigins, adminAllow: options.adminAllow, answerImageHosts: options.answerImageHosts },
    outbound: { allow: options.outboundAllow, cityHosts: options.cityHosts },
    metricsToken,
    models,
  });
  // Usage rows still being written go in before the store closes.
  app.addHook('onClose', () => models.usageSettled());
  const backups = startScheduledBackups(options, app.log);
  if (backups) app.addHook('onClose', async () => backups.stop());
  // A second signal is not caught: it ends the process at once, for an operator who cannot wait.
  const stop = (signal: NodeJS.Signals) => {
    app.log.info({ signal }, 'shutting down: finishing the requests under way');
    void shutDown(app, store).then((code) => process.exit(code));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ port: options.port, host: options.host });
}

/** `--trust-proxy`: "true", a hop count, or addresses as Fastify takes them. */
function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

export async function importCommand(file: string, options: GlobalOptions & { replace: boolean; publish: boolean }): Promise<void> {
  const format = formatFromFileName(file);
  const qas = await parseQaFile(await readFile(file), format);
  const store = await openStore(options);
  try {
    const summary = await store.importQas(options.site, qas, { actor: CLI_ACTOR, mode: options.replace ? 'replace' : 'merge' });
    const drafts = qas.filter((qa) => qa.status === 'draft').length;
    console.log(
      `取り込みました: 新規 ${summary.created} 件、更新 ${summary.updated} 件、変更なし ${summary.unchanged} 件、削除 ${summary.deleted} 件` +
        (drafts > 0 ? `（うち下書き ${drafts} 件は公開されません）` : ''),
    );
    if (options.publish) {
      await store.publish(options.site, CLI_ACTOR);
      console.log(process.env.DATABASE_URL ? '公開しました。動いているサーバーには数秒で反映されます。' : '公開しました。サーバーの再起動後に市民向けの回答に反映されます。');
    } else {
      console.log('まだ公開していません。管理画面で確認してから公開してください。');
    }
  } finally {
    await store.close();
  }
}

export async function exportCommand(file: string, options: GlobalOptions): Promise<void> {
  const format = formatFromFileName(file);
  const store = await openStore(options);
  try {
    const qas = await store.listQas(options.site);
    await writeFile(file, await writeQaFile(qas, format));
    console.log(`${qas.length} 件を書き出しました: ${file}`);
  } finally {
    await store.close();
  }
}

export async function searchCommand(options: GlobalOptions & { top: number; explain: boolean }): Promise<void> {
  const store = await openStore(options);
  try {
    const search = await SearchService.open(store, options.site);
    if (search.size === 0) {
      console.error(`公開中の QA がありません（${storeLocation(options)}）。npm start（スターターパックを登録します）か madoguchi import で登録してください。`);
    }
    const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const query of lines) {
      const response = search.search(query, { top: options.top });
      const results = response.results.map((r) => ({
        id: r.id,
        question: r.question,
        score: r.score,
        ...(options.explain ? { coverage: r.coverage, matches: r.matches } : {}),
      }));
      process.stdout.write(`${JSON.stringify({ query, decision: response.decision, results })}\n`);
    }
  } finally {
    await store.close();
  }
}

export async function evalCommand(
  file: string,
  options: GlobalOptions & { top: number; failures: number; starterPack: boolean; questionAndAnswerOnly: boolean; semantic?: boolean; models?: ModelConfig },
): Promise<void> {
  const cases = parseEvaluationCsv(await readFile(file, 'utf8'));
  // --starter-pack: a fresh copy of the pack in a temporary directory, whatever the data directory holds.
  const scratch = options.starterPack ? await mkdtemp(path.join(os.tmpdir(), 'madoguchi-eval-')) : undefined;
  const store = scratch ? openSqliteStore(scratch) : await openStore(options);
  try {
    if (scratch) await seedIfEmpty(store, options.site);
    if (scratch && options.questionAndAnswerOnly) {
      // Most cities' FAQ data have no alternates or keywords: measure the engine on that too.
      const bare = (await store.listQas(options.site)).map((qa) => ({ ...qa, alternates: [], keywords: [] }));
      await store.importQas(options.site, bare, { actor: CLI_ACTOR, mode: 'replace' });
      await store.publish(options.site, CLI_ACTOR);
    }
    const search = await SearchService.open(store, options.site);
    const label = !scratch ? file : `${file}（スターターパック${options.questionAndAnswerOnly ? '、質問と回答のみ' : ''}）`;
    if (options.semantic) {
      console.log(await semanticEvaluationReport(store, options.site, search, cases, options.models ?? NO_MODEL_CONFIG, label, options.failures));
      return;
    }
    const outcomes = cases.map((c) => {
      const response = search.search(c.question, { top: options.top });
      return { case: c, decision: response.decision, ranked: rankedIds(response.results) };
    });
    console.log(formatReport(evaluate(outcomes), label, options.failures));
  } finally {
    await store.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/** Settings a city may change from the command line until the admin console exists. */
const EDITABLE_SETTINGS = [CITY_FACTS_SETTING, ENGINE_OPTIONS_SETTING, CHARACTER_SETTING, CHAT_MENU_SETTING] as const;
/** Read on every request; the others shape the search index, which is built at start. */
const LIVE_SETTINGS: readonly string[] = [CHARACTER_SETTING, CHAT_MENU_SETTING];

export class SettingsInputError extends Error {
  override name = 'SettingsInputError';
}

function editableKey(key: string): string {
  if (!(EDITABLE_SETTINGS as readonly string[]).includes(key)) {
    throw new SettingsInputError(`設定「${key}」はありません。使える設定: ${EDITABLE_SETTINGS.join(', ')}`);
  }
  return key;
}

export async function settingsGetCommand(key: string, options: GlobalOptions): Promise<void> {
  const store = await openStore(options);
  try {
    console.log(JSON.stringify((await store.getSetting(options.site, editableKey(key))) ?? null, null, 2));
  } finally {
    await store.close();
  }
}

/** Sets a setting from JSON text, or from a JSON file given as @FILE. */
export async function settingsSetCommand(key: string, value: string, options: GlobalOptions): Promise<void> {
  const text = value.startsWith('@') ? await readFile(value.slice(1), 'utf8') : value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SettingsInputError('値は JSON で指定してください（ファイルなら @facts.json のように書きます）');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SettingsInputError('値は JSON のオブジェクト（{ … }）で指定してください');
  }
  if (key === CHARACTER_SETTING) {
    const problems = resolveCharacter(parsed).problems;
    const invalid = problems.filter((p) => p.kind === 'invalid');
    if (invalid.length > 0) throw new SettingsInputError(invalid.map((p) => p.message).join('\n'));
    for (const problem of problems) console.warn(`注意: ${problem.message}`);
  }
  const store = await openStore(options);
  try {
    await store.setSetting(options.site, editableKey(key), parsed, CLI_ACTOR);
    console.log(`設定「${key}」を保存しました。${LIVE_SETTINGS.includes(key) ? 'すぐに反映されます。' : 'サーバーの再起動後に反映されます。'}`);
  } finally {
    await store.close();
  }
}

const ROLE_LABELS: Readonly<Record<StaffRole, string>> = { admin: '管理者', editor: '編集者', viewer: '閲覧者' };

export class CliInputError extends Error {
  override name = 'CliInputError';
}

/** One line typed without echo (raw mode); Ctrl+C aborts. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || ch === '\u0004') return finish(new CliInputError('中止しました。'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The first line of piped input (scripts and tests), without its line break. */
async function readFirstLine(): Promise<string> {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new CliInputError('標準入力からパスワードを読み取れませんでした。パスワードを1行で渡してください。');
}

/** A new password: typed twice without echo at a terminal, or one line from a pipe. */
async function readNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readFirstLine();
  const first = await readHidden('パスワード: ');
  const second = await readHidden('パスワード（確認のためもう一度）: ');
  if (first !== second) throw new CliInputError('2回入力したパスワードが一致しません。もう一度やり直してください。');
  return first;
}

async function auditCli(store: Store, siteId: string, action: string, target: string, detail: Record<string, unknown> = {}): Promise<void> {
  await store.appendAudit({ siteId, at: new Date().toISOString(), actor: CLI_ACTOR, action, target, detail });
}

/**
 * `madoguchi user add|reset-password|unlock|reset-2fa`: staff accounts from the command line, for the first
 * administrator and for an IT department whose only administrator is locked out or lost the phone.
 */
export async function userCommand(
  action: 'add' | 'reset-password' | 'unlock' | 'reset-2fa',
  loginId: string,
  options: GlobalOptions & { name?: string; role?: StaffRole },
): Promise<void> {
  if (action === 'add') {
    if (!options.name || !options.role) throw new CliInputError('--name と --role を指定してください。');
    if (!new RegExp(LOGIN_ID_PATTERN).test(loginId)) {
      throw new CliInputError('ログインIDは、英小文字か数字で始まる3〜32文字（英小文字・数字・「.」「_」「-」）にしてください。');
    }
  }
  const store = await openStore(options);
  try {
    // Said before the password is typed, not after.
    const existing = await store.getAccount(options.site, loginId);
    if (action === 'add' && existing) throw new AccountAlreadyExistsError(options.site, loginId);
    if (action !== 'add' && !existing) throw new AccountNotFoundError(options.site, loginId);
    const password = action === 'add' || action === 'reset-password' ? await readNewPassword() : '';
    if (action === 'add') {
      const account = await createStaffAccount(store, options.site, { loginId, displayName: options.name ?? '', role: options.role ?? 'viewer', password });
      await auditCli(store, options.site, 'account.create', loginId, { displayName: account.displayName, role: account.role });
      console.log(`アカウント「${loginId}」（${account.displayName}、${ROLE_LABELS[account.role]}）を作成しました。管理画面（/admin）からログインできます。`);
    } else if (action === 'reset-password') {
      await resetStaffPassword(store, options.site, loginId, password);
      await auditCli(store, options.site, 'account.reset-password', loginId);
      console.log(`アカウント「${loginId}」のパスワードを変更し、ログイン制限を解除しました。ログイン中の画面はすべてログアウトされます。`);
    } else if (action === 'reset-2fa') {
      await resetStaffTotp(store, options.site, loginId);
      await auditCli(store, options.site, 'account.reset-2fa', loginId);
      console.log(`アカウント「${loginId}」の二段階認証を解除しました。次はパスワードだけでログインできます（管理者に必須の設定のときは、ログインの直後に設定し直します）。`);
    } else {
      await unlockStaffAccount(store, options.site, loginId);
      await auditCli(store, options.site, 'account.unlock', loginId);
      console.log(`アカウント「${loginId}」のログイン制限を解除しました。`);
    }
  } finally {
    await store.close();
  }
}

/**
 * `madoguchi logs export --from DATE --to DATE FILE`: the conversation log of a range of days as CSV or XLSX
 * (by the file's extension), the same file as the console's download. Audited as `logs.export`.
 */
export async function logsExportCommand(file: string, options: GlobalOptions & { from: string; to: string }): Promise<void> {
  const format = logFormatOf(file);
  if (!format) throw new CliInputError(`書き出すファイル名の拡張子は .csv か .xlsx にしてください（${file}）。`);
  const days = parseDayRange(options.from, options.to);
  const store = await openStore(options);
  try {
    await countLogExport(store, options.site, { days }, format);
    const out = createWriteStream(file);
    let written: number;
    try {
      written = await writeLogExport(store, options.site, { days }, format, out, await questionsOfStore(store, options.site));
      await finished(out);
    } catch (error) {
      out.destroy();
      await rm(file, { force: true });
      throw error;
    }
    await auditCli(store, options.site, 'logs.export', '', { format, from: days.from, to: days.to, rows: written });
    console.log(`${days.from} から ${days.to} までの会話 ${written.toLocaleString('ja-JP')} 件を書き出しました: ${file}`);
  } finally {
    await store.close();
  }
}
