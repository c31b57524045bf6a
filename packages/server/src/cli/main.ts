/**
 * `madoguchi`: serve, import, export, search and evaluate from the command line.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_CHAT_RATE_LIMITS } from '../chat/routes.ts';
import { DEFAULT_DATA_DIR, DEFAULT_SITE, type GlobalOptions } from './options.ts';
import { evalCommand, exportCommand, importCommand, logsExportCommand, searchCommand, serveCommand, settingsGetCommand, settingsSetCommand, userCommand, type ServeSecuritySettings } from './commands.ts';
import { STAFF_ROLES, type StaffRole } from '../store/store.ts';
import { parseAllowList } from '../security/admin-allow-list.ts';
import { parseFrameOrigins } from '../security/headers.ts';
import { parseHostList } from '../security/host-list.ts';
import { parseCityHosts, parseOutboundAllow } from '../security/outbound-guard.ts';
import { modelConfig, type ModelOptionValues } from '../ai/models/model-config.ts';
import { modelsCheckCommand } from './model-commands.ts';
import { addModelOptions } from './model-options.ts';
import { backupCommand, backupCount, backupHours, DEFAULT_BACKUP_EVERY_HOURS, DEFAULT_BACKUP_KEEP, restoreCommand, type BackupScheduleSettings } from './backup-commands.ts';

// Before any file is made: the database, its -wal/-shm, log and QA exports and backups are for the service
// account only (SQLite makes -wal/-shm itself, so a umask is what reaches them).
process.umask(0o077);

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('0以上の整数を指定してください');
  return n;
}

/** A yes/no environment variable: unset is `fallback`; anything but true or false stops with a message. */
function envFlag(name: string, fallback: boolean): boolean {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  return program.error(`error: 環境変数 ${name} は true か false にしてください（いまは「${value}」）`);
}

const program = new Command('madoguchi')
  .description('窓口 Madoguchi: 自治体向け AI FAQ チャットボット')
  .option('--data-dir <dir>', 'データの置き場所 (env MADOGUCHI_DATA_DIR)', DEFAULT_DATA_DIR)
  .option('--site <id>', 'サイト（自治体）ID (env MADOGUCHI_SITE)', DEFAULT_SITE)
  .showHelpAfterError();

const globals = (): GlobalOptions => program.opts<GlobalOptions>();

const serve = program
  .command('serve')
  .description('サーバーを起動します（QA が未登録ならスターターパックを登録します）')
  // Option.env(): commander parses the variables too, and says which one is wrong.
  .addOption(new Option('--port <n>', 'ポート番号').env('PORT').argParser(positiveInteger).default(8080))
  .addOption(new Option('--host <host>', '待ち受けアドレス').env('HOST').default('127.0.0.1'))
  .addOption(new Option('--trust-proxy <value>', 'リバースプロキシの後ろで動かすとき、信頼する段数（1 など）かアドレス・CIDR（カンマ区切り）、または true').env('MADOGUCHI_TRUST_PROXY'))
  .addOption(
    new Option('--chat-rate-limit <n>', '1つのアドレスから1分間に受け付ける質問の数（0 で無制限）').env('MADOGUCHI_CHAT_RATE_LIMIT').argParser(positiveInteger).default(DEFAULT_CHAT_RATE_LIMITS.chat),
  )
  .option('--no-file-sizes', '回答にある PDF の大きさを調べません（外部への通信が許されない環境で） (env MADOGUCHI_FILE_SIZES=false)')
  .option('--no-source-checks', 'QA の参照URLのページを毎日確かめません（外部への通信が許されない環境で。見直しの時期の一覧は使えます） (env MADOGUCHI_SOURCE_CHECKS=false)')
  .addOption(new Option('--backup-dir <dir>', '定期バックアップの保存先（指定すると定期バックアップを取ります）').env('MADOGUCHI_BACKUP_DIR'))
  .addOption(new Option('--backup-every <hours>', '定期バックアップの間隔（時間）').env('MADOGUCHI_BACKUP_EVERY').argParser(backupHours).default(DEFAULT_BACKUP_EVERY_HOURS))
  .addOption(new Option('--backup-keep <n>', '残す定期バックアップの数（古いものから削除します）').env('MADOGUCHI_BACKUP_KEEP').argParser(backupCount).default(DEFAULT_BACKUP_KEEP))
  .addOption(new Option('--frame-origins <origins>', '全画面チャット（/chat）を iframe に表示してよい市のサイトのオリジン（カンマ区切り。既定はどこからも不可）').env('MADOGUCHI_FRAME_ORIGINS').argParser(parseFrameOrigins))
  .addOption(new Option('--admin-allow <cidrs>', '管理画面に接続できるアドレス・CIDR（カンマ区切り。既定は制限なし。プロキシの後ろでは --trust-proxy も）').env('MADOGUCHI_ADMIN_ALLOW').argParser(parseAllowList))
  .addOption(
    new Option('--outbound-allow <list>', 'QA の下書き・情報源の確認・PDF の大きさで読んでよい内部のアドレス・CIDR・ホスト名（カンマ区切り。既定は公開アドレスのみ）')
      .env('MADOGUCHI_OUTBOUND_ALLOW')
      .argParser(parseOutboundAllow),
  )
  .addOption(new Option('--city-hosts <hosts>', 'QA の下書きと情報源の確認で読んでよい市のサイトのホスト名（カンマ区切り。既定はどの公開サイトも可）').env('MADOGUCHI_CITY_HOSTS').argParser(parseCityHosts))
  .addOption(
    new Option('--answer-image-hosts <hosts>', '回答に表示してよい画像のホスト名（カンマ区切り。既定はどの https の画像も表示）')
      .env('MADOGUCHI_ANSWER_IMAGE_HOSTS')
      .argParser((value: string) => parseHostList(value, '--answer-image-hosts')),
  )
  .option('--https', 'HTTPS で公開しているとき（HSTS を送り、ログインの Cookie を Secure・__Host- にします） (env MADOGUCHI_HTTPS=true)')
  .action((opts: { port: number; host: string; trustProxy: string | undefined; chatRateLimit: number; fileSizes: boolean; sourceChecks: boolean } & BackupScheduleSettings & ServeSecuritySettings & ModelOptionValues) =>
    serveCommand({
      ...globals(),
      ...opts,
      models: modelConfig(opts),
      fileSizes: opts.fileSizes && envFlag('MADOGUCHI_FILE_SIZES', true),
      sourceChecks: opts.sourceChecks && envFlag('MADOGUCHI_SOURCE_CHECKS', true),
      https: opts.https === true || envFlag('MADOGUCHI_HTTPS', false),
    }),
  );

addModelOptions(serve);

program
  .command('import <file>')
  .description('QA を CSV / XLSX / JSONL から取り込みます（1件でも誤りがあれば何も変更しません）')
  .option('--replace', 'ファイルにない QA を削除し、全体を入れ替えます', false)
  .option('--no-publish', '取り込むだけで公開しません（管理画面で確かめてから公開するとき）')
  .action((file: string, opts: { replace: boolean; publish: boolean }) => importCommand(file, { ...globals(), ...opts }));

program
  .command('export <file>')
  .description('QA を CSV / XLSX / JSONL に書き出します（形式は拡張子で決まります）')
  .action((file: string) => exportCommand(file, globals()));

program
  .command('search')
  .description('標準入力の1行1質問を検索し、1行1件の JSON を出力します')
  .option('--top <n>', '結果の件数', positiveInteger, 10)
  .option('--explain', '一致の理由（語・読み・同義語）も出力します', false)
  .action((opts: { top: number; explain: boolean }) => searchCommand({ ...globals(), ...opts }));

addModelOptions(
  program
    .command('eval <file>')
    .description('一括テスト: question,expected の CSV で正答率を測ります')
    .option('--top <n>', '評価する順位の深さ', positiveInteger, 10)
    .option('--failures <n>', '表示する失敗例の上限（--semantic では良くなった・悪くなった質問の表示の上限）', positiveInteger, 50)
    .option('--starter-pack', 'データディレクトリではなく、スターターパックの新しいコピーで測ります', false)
    .option('--question-and-answer-only', '--starter-pack の言い換えとキーワードを外して測ります（多くの市の FAQ データの形）', false)
    .option('--semantic', '意味検索（埋め込みモデル）なし・ありを並べて測ります。埋め込みモデルは serve と同じオプション・環境変数で指定します', false),
).action((file: string, opts: { top: number; failures: number; starterPack: boolean; questionAndAnswerOnly: boolean; semantic: boolean } & ModelOptionValues) =>
  evalCommand(file, { ...globals(), ...opts, ...(opts.semantic ? { models: modelConfig(opts) } : {}) }),
);

program
  .command('backup <file>')
  .description('全サイトのデータ（QA、履歴、アップロードしたファイル、会話ログ、設定）をバックアップします。サーバーを動かしたまま取れます（.gz で終わる名前なら圧縮します。DATABASE_URL があれば pg_dump を使います）')
  .action((file: string) => backupCommand(file, globals()));

program
  .command('restore <file>')
  .description('バックアップをデータディレクトリ（DATABASE_URL があればそのデータベース）に戻します。検査に通ったときだけ置き換えます')
  .option('--force', '今あるデータベースを置き換えます（サーバーを止めてから。SQLite では今のファイルを別名で残します）', false)
  .action((file: string, opts: { force: boolean }) => restoreCommand(file, { ...globals(), ...opts }));

const settings = program.command('settings').description('市の情報（cityFacts）、検索の調整（engineOptions）、キャラクター（character）、よくある質問（chatMenu）を表示・変更します');
settings
  .command('get <key>')
  .description('設定を JSON で表示します')
  .action((key: string) => settingsGetCommand(key, globals()));
settings
  .command('set <key> <json>')
  .description('設定を JSON（または @ファイル名）で保存します')
  .action((key: string, json: string) => settingsSetCommand(key, json, globals()));

const user = program.command('user').description('管理画面の職員アカウントを作成・パスワード再設定・ロック解除します（パスワードは端末では表示せずに2回、パイプでは1行で受け取ります）');
user
  .command('add <loginId>')
  .description('アカウントを作成します（例: madoguchi user add admin --name 管理者 --role admin）')
  .requiredOption('--name <表示名>', '画面に表示する名前')
  .addOption(new Option('--role <role>', '役割: admin（管理者）、editor（編集者）、viewer（閲覧者）').choices(STAFF_ROLES).makeOptionMandatory())
  .action((loginId: string, opts: { name: string; role: StaffRole }) => userCommand('add', loginId, { ...globals(), ...opts }));
user
  .command('reset-password <loginId>')
  .description('パスワードを設定し直し、ログイン制限も解除します（ログイン中の画面はすべてログアウトされます）')
  .action((loginId: string) => userCommand('reset-password', loginId, globals()));
user
  .command('unlock <loginId>')
  .description('ログインの失敗が続いて受け付けが止まっているアカウントの、ログイン制限を解除します')
  .action((loginId: string) => userCommand('unlock', loginId, globals()));
user
  .command('reset-2fa <loginId>')
  .description('二段階認証を解除します（認証アプリのスマートフォンをなくしたとき）。次はパスワードだけでログインできます')
  .action((loginId: string) => userCommand('reset-2fa', loginId, globals()));

const logs = program.command('logs').description('市民との会話ログ（個人情報は伏せて記録されています）を扱います');
logs
  .command('export <file>')
  .description('期間の会話ログを CSV / XLSX に書き出します（形式は拡張子で決まります。例: madoguchi logs export --from 2026-11-01 --to 2026-11-30 logs.csv）')
  .requiredOption('--from <date>', '最初の日（YYYY-MM-DD、日本時間）')
  .requiredOption('--to <date>', '最後の日（YYYY-MM-DD、この日を含みます）')
  .action((file: string, opts: { from: string; to: string }) => logsExportCommand(file, { ...globals(), ...opts }));

const models = program.command('models').description('AIモデル（チャットモデル・埋め込みモデル）の接続を扱います');
addModelOptions(
  models.command('check').description('設定したAIモデルに小さなリクエストを1回ずつ送り、使えるか確かめます（serve と同じオプション・環境変数を読みます）'),
).action((opts: ModelOptionValues) => modelsCheckCommand({ ...globals(), models: modelConfig(opts) }));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Expected problems (bad file, conflict, …) carry a Japanese message; anything else is a bug worth its stack.
  const message = error instanceof Error && error.name !== 'Error' ? error.message : error instanceof Error ? error.stack : String(error);
  console.error(`エラー: ${message}`);
  process.exitCode = 1;
}
