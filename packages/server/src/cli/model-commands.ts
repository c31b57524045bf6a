/**
 * `madoguchi models check`: one tiny request to each configured model endpoint, with the same flags and
 * environment as `serve`, so the IT department can test a configuration before starting the server.
 */
import { checkModels } from '../ai/models/model-check.ts';
import type { ModelConfig } from '../ai/models/model-config.ts';
import { createModelProviders } from '../ai/models/providers.ts';
import type { ModelStatus } from '../ai/models/models.ts';
import { openStore, type GlobalOptions } from './options.ts';

const LABELS = { chat: 'チャットモデル', embeddings: '埋め込みモデル' } as const;
const HOW_TO = {
  chat: '--chat-model-url と --chat-model（環境変数 MADOGUCHI_CHAT_MODEL_URL と MADOGUCHI_CHAT_MODEL）で設定します',
  embeddings: '--embedding-model-url と --embedding-model（環境変数 MADOGUCHI_EMBEDDING_MODEL_URL と MADOGUCHI_EMBEDDING_MODEL）で設定します',
} as const;

/** Prints one line per endpoint; exits 1 when a configured endpoint fails. Calls are logged (purpose `check`). */
export async function modelsCheckCommand(options: GlobalOptions & { models: ModelConfig }): Promise<void> {
  const store = await openStore(options);
  const models = createModelProviders(options.models, store, options.site);
  try {
    const results = await checkModels(models);
    const statuses = models.status();
    for (const result of results) {
      const label = LABELS[result.kind];
      if (!result.configured) {
        console.log(`${label}: 設定されていません（${HOW_TO[result.kind]}）。`);
        continue;
      }
      const status = statuses.find((s) => s.kind === result.kind);
      console.log(`${label}（${describe(status)}）: ${result.ok ? '使えます。' : '使えません。'}${result.message}`);
    }
    if (results.some((r) => r.configured && !r.ok)) process.exitCode = 1;
  } finally {
    await models.usageSettled();
    await store.close();
  }
}

function describe(status: ModelStatus | undefined): string {
  return `${status?.model ?? ''}、${status?.endpoint ?? ''}`;
}
