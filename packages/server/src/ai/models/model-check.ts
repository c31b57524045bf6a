/**
 * 接続の確認: one tiny request to each configured endpoint (purpose `check`, logged like any call), for
 * `madoguchi models check` and the console's 「接続を確かめる」.
 */
import type { ModelKind } from '../../store/authoring-records.ts';
import { ModelError, type ModelProviders } from './models.ts';

/** @example `{ kind: 'chat', configured: true, ok: false, message: 'APIキーが正しくないか、権限がありません（HTTP 401）。' }` */
export interface ModelCheckResult {
  kind: ModelKind;
  configured: boolean;
  ok: boolean;
  /** Japanese, for staff: what the check found. */
  message: string;
}

/** No retries: the check tells what the endpoint does now, and quickly. */
const CHECK_LIMITS = { retries: 0 };

/** Chat first, then embeddings; both endpoints are asked at once. */
export async function checkModels(models: ModelProviders): Promise<ModelCheckResult[]> {
  const { chat, embeddings } = models;
  return Promise.all([
    checkOne('chat', chat && (() => chat.complete({ purpose: 'check', messages: [{ role: 'user', content: '接続の確認です。「はい」とだけ答えてください。' }], maxTokens: 16, limits: CHECK_LIMITS }))),
    checkOne('embeddings', embeddings && (() => embeddings.embed('check', ['接続の確認'], CHECK_LIMITS))),
  ]);
}

async function checkOne(kind: ModelKind, call: (() => Promise<unknown>) | null): Promise<ModelCheckResult> {
  if (!call) return { kind, configured: false, ok: false, message: '設定されていません。' };
  const started = performance.now();
  try {
    await call();
    return { kind, configured: true, ok: true, message: `応答がありました（${((performance.now() - started) / 1000).toFixed(1)}秒）。` };
  } catch (error) {
    if (error instanceof ModelError) return { kind, configured: true, ok: false, message: error.message };
    throw error;
  }
}
