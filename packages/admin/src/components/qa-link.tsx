/** A QA's management number as a link to its editor, read out as 「QA 1001」. */
import { Link } from '../routing/router.tsx';
import { href } from '../routing/routes.ts';

export function QaLink({ id }: { id: string }) {
  return (
    <Link href={href('qaEdit', { id })}>
      <span class="visually-hidden">QA </span>
      {id}
    </Link>
  );
}
