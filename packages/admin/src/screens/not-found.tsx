/** An address the console does not know. */
import { Link } from '../routing/router.tsx';

export function NotFoundScreen() {
  return (
    <>
      <p>お探しの画面は見つかりませんでした。アドレスが正しいか確認してください。</p>
      <p>
        <Link href="/admin/qas">QA一覧へ戻る</Link>
      </p>
    </>
  );
}
