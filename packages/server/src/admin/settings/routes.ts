/**
 * The city's settings in the console: the facts that fill placeholders, the chat character and the opening
 * menu, each saved with its revision (409 when someone saved since) and audited as `settings.update`.
 * Administrators change them; everyone signed in may read them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CHARACTER_SETTING, resolveCharacter } from '../../character/character.ts';
import { CHAT_MENU_SETTING, type ChatMenuSettings } from '../../chat/chat-service.ts';
import { LOG_RETENTION_SETTING, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, retentionDays, type LogRetention } from '../../logs/retention.ts';
import { CITY_FACTS_SETTING, type CityFacts } from '../../qa/placeholders.ts';
import { installAdminErrors, validationFailed } from '../qas/errors.ts';
import { refreshIndex } from '../qas/index-refresh.ts';
import { ADMIN_TAGS, type AdminPluginOptions } from '../qas/plugin-options.ts';
import { readErrors, type Issue } from '../qas/schema.ts';
import { TEST_CASES_SETTING } from '../test-cases/test-cases.ts';
import {
  CharacterReply,
  CharacterRequest,
  ChatMenuReply,
  ChatMenuRequest,
  LogRetentionReply,
  LogRetentionRequest,
  CityFactsReply,
  CityFactsRequest,
  SettingRevisionsParams,
  SettingRevisionsReply,
  settingErrors,
  type CharacterValue,
  type SettingName,
} from './schema.ts';
import { readSetting, saveSetting, type SettingState } from './setting-store.ts';

/** The store key of each setting the console edits. */
export const SETTING_KEYS: Record<SettingName, string> = {
  'city-facts': CITY_FACTS_SETTING,
  character: CHARACTER_SETTING,
  'chat-menu': CHAT_MENU_SETTING,
  'test-cases': TEST_CASES_SETTING,
  'log-retention': LOG_RETENTION_SETTING,
};

const FACT_NAME_MAX = 100;
const FACT_VALUE_MAX = 2_000;
const FACTS_MAX = 1_000;
const GREETING_MAX = 400;
const tags = ADMIN_TAGS;

/** Why each fact cannot be used as a placeholder's value. */
export function cityFactIssues(facts: Readonly<Record<string, string>>): Issue[] {
  const issues: Issue[] = [];
  const names = Object.keys(facts);
  if (names.length > FACTS_MAX) issues.push({ field: 'value', message: `項目は ${FACTS_MAX} 件までです（現在 ${names.length} 件）。` });
  for (const name of names) {
    const field = `value.${name}`;
    if (name.trim() === '' || name !== name.trim()) issues.push({ field, message: `項目名「${name}」の前後に空白があるか、空です。` });
    else if ([...name].length > FACT_NAME_MAX) issues.push({ field, message: `項目名は ${FACT_NAME_MAX} 文字以内にしてください（${name.slice(0, 20)}…）。` });
    else if (/[{}\r\n]/.test(name)) issues.push({ field, message: `項目名「${name}」に「{」「}」や改行は使えません（{{${name}}} の形で回答に書きます）。` });
    if ([...(facts[name] ?? '')].length > FACT_VALUE_MAX) issues.push({ field, message: `「${name}」の値は ${FACT_VALUE_MAX} 文字以内にしてください。` });
  }
  return issues;
}

function characterReply(state: SettingState<CharacterValue>): CharacterReply {
  const value = state.value ?? {};
  const { character, problems } = resolveCharacter(value);
  return { value, revision: state.revision, updatedBy: state.updatedBy, updatedAt: state.updatedAt, resolved: character, problems };
}

export const settingsRoutes: FastifyPluginAsyncTypebox<AdminPluginOptions> = async (app, { context }) => {
  installAdminErrors(app);
  const { store, siteId } = context;
  const facts = (state: SettingState<CityFacts>): CityFactsReply => ({ ...state, value: { ...state.value } });
  const menu = (state: SettingState<ChatMenuSettings>): ChatMenuReply => ({ ...state, value: { featuredQaIds: state.value?.featuredQaIds ?? [] } });
  const retention = (state: SettingState<LogRetention>): LogRetentionReply => ({ ...state, value: { days: retentionDays(state.value) } });

  app.get(
    '/settings/city-facts',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'The city facts that fill {{…}} placeholders', response: { 200: CityFactsReply, ...readErrors } } },
    async () => facts(await readSetting<CityFacts>(store, siteId, CITY_FACTS_SETTING)),
  );

  app.put(
    '/settings/city-facts',
    {
      config: { minRole: 'admin' },
      bodyLimit: 1024 * 1024,
      schema: {
        tags,
        summary: 'Replace the city facts; both search indexes are rebuilt (citizens see the new values at once)',
        body: CityFactsRequest,
        response: { 200: CityFactsReply, ...settingErrors(CityFactsReply) },
      },
    },
    async (request) => {
      const { value, revision } = request.body;
      const issues = cityFactIssues(value);
      if (issues.length > 0) throw validationFailed(issues);
      const saved = await saveSetting<CityFacts, CityFactsReply>(context, request, CITY_FACTS_SETTING, value, revision, facts);
      await Promise.all([refreshIndex(context.working, request.log), refreshIndex(context.published, request.log)]);
      return facts(saved);
    },
  );

  app.get(
    '/settings/character',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'The chat character as stored, as shown, and what is wrong with it', response: { 200: CharacterReply, ...readErrors } } },
    async () => characterReply(await readSetting<CharacterValue>(store, siteId, CHARACTER_SETTING)),
  );

  app.put(
    '/settings/character',
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Save the character; invalid fields are refused, corrected ones (theme colour contrast) come back as problems of kind corrected',
        body: CharacterRequest,
        response: { 200: CharacterReply, ...settingErrors(CharacterReply) },
      },
    },
    async (request) => {
      const { value, revision } = request.body;
      const issues: Issue[] = resolveCharacter(value)
        .problems.filter((p) => p.kind === 'invalid')
        .map((p) => ({ field: p.field, message: p.message }));
      for (const [lang, greeting] of Object.entries(value.greetings ?? {})) {
        if (greeting !== undefined && [...greeting.trim()].length > GREETING_MAX) issues.push({ field: `greetings.${lang}`, message: `あいさつは ${GREETING_MAX} 文字以内で入力してください。` });
      }
      if (issues.length > 0) throw validationFailed(issues);
      return characterReply(await saveSetting(context, request, CHARACTER_SETTING, value, revision, characterReply));
    },
  );

  app.get(
    '/settings/chat-menu',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'The QAs featured in the opening menu', response: { 200: ChatMenuReply, ...readErrors } } },
    async () => menu(await readSetting<ChatMenuSettings>(store, siteId, CHAT_MENU_SETTING)),
  );

  app.put(
    '/settings/chat-menu',
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Choose the featured QAs (each must exist); the menu shows them within 5 minutes',
        body: ChatMenuRequest,
        response: { 200: ChatMenuReply, ...settingErrors(ChatMenuReply) },
      },
    },
    async (request) => {
      const { value, revision } = request.body;
      const ids = value.featuredQaIds.map((id) => id.trim());
      const existing = await Promise.all(ids.map((id) => store.getQa(siteId, id)));
      const issues: Issue[] = ids.flatMap((id, i) => (existing[i] ? [] : [{ field: `value.featuredQaIds.${i}`, row: i + 1, message: `管理番号 ${id} の QA はありません。` }]));
      if (issues.length > 0) throw validationFailed(issues);
      return menu(await saveSetting<ChatMenuSettings, ChatMenuReply>(context, request, CHAT_MENU_SETTING, { featuredQaIds: ids }, revision, menu));
    },
  );

  app.get(
    '/settings/log-retention',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'How many days of chat log are kept (default three years)', response: { 200: LogRetentionReply, ...readErrors } } },
    async () => retention(await readSetting<LogRetention>(store, siteId, LOG_RETENTION_SETTING)),
  );

  app.put(
    '/settings/log-retention',
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Change how long the chat log is kept (365–3650 days); the daily purge uses it from its next run',
        body: LogRetentionRequest,
        response: { 200: LogRetentionReply, ...settingErrors(LogRetentionReply) },
      },
    },
    async (request) => {
      const { value, revision } = request.body;
      if (value.days < MIN_RETENTION_DAYS || value.days > MAX_RETENTION_DAYS) {
        throw validationFailed([{ field: 'value.days', message: `保存期間は ${MIN_RETENTION_DAYS} 日（1年）以上、${MAX_RETENTION_DAYS} 日（10年）以下で指定してください。` }]);
      }
      return retention(await saveSetting<LogRetention, LogRetentionReply>(context, request, LOG_RETENTION_SETTING, value, revision, retention));
    },
  );

  app.get(
    '/settings/:key/revisions',
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: 'Every saved value of a setting, newest first', params: SettingRevisionsParams, response: { 200: SettingRevisionsReply, ...readErrors } },
    },
    async (request) => {
      const revisions = await store.listSettingRevisions(siteId, SETTING_KEYS[request.params.key]);
      return { items: revisions.reverse().map((r) => ({ revision: r.revision, actor: r.actor, at: r.at, value: r.value })) };
    },
  );
};
