/**
 * A screen whose code arrives only when it is first opened (its own chunk, see build.ts): for big screens few
 * staff open, such as the chart screens with Chart.js. While the chunk loads, the usual polite loading sign;
 * when it cannot be loaded, a Japanese error and a button that loads the page again.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Button, Loading, Message } from '../components/ui.tsx';
import type { ScreenProps } from './registry.ts';

/**
 * @example statistics: lazyScreen(() => import('./statistics.tsx').then((module) => module.StatisticsScreen)),
 */
export function lazyScreen(load: () => Promise<ComponentType<ScreenProps>>): ComponentType<ScreenProps> {
  // Kept once loaded, so opening the screen again shows it at once.
  let loaded: ComponentType<ScreenProps> | null = null;
  return function LazyScreen(props: ScreenProps) {
    const [Screen, setScreen] = useState(() => loaded);
    const [failed, setFailed] = useState(false);

    useEffect(() => {
      if (Screen) return;
      let current = true;
      load().then(
        (component) => {
          loaded = component;
          if (current) setScreen(() => component);
        },
        () => {
          if (current) setFailed(true);
        },
      );
      return () => {
        current = false;
      };
    }, []);

    if (Screen) return <Screen {...props} />;
    // Reloading rather than importing again: browsers keep a failed import, and after a server update the old
    // chunk no longer exists — the reloaded page asks for the new one. The address keeps the screen's view.
    return (
      <>
        <Message kind="error">{failed ? 'この画面を読み込めませんでした。通信の状態を確かめて、ページを再読み込みしてください。' : ''}</Message>
        {failed ? (
          <Button variant="primary" onClick={() => window.location.reload()}>
            再読み込み
          </Button>
        ) : (
          <Loading />
        )}
      </>
    );
  };
}
