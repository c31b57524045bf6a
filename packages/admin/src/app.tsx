/**
 * The console: asks the server who is signed in, shows ログイン or the console's frame (header, menu, the
 * screen for the address). When the session ends during work, a ログイン dialog opens over the screen, so
 * whatever was being typed stays.
 */
import type { SessionReply } from '@madoguchi/server/admin-api';
import type { ComponentType } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AdminApi } from './api/admin-api.ts';
import { AdminApiError, errorMessage } from './api/errors.ts';
import { AppContext, type AppContextValue } from './app-context.ts';
import { AnnouncerProvider, useAnnounce } from './components/announcer.tsx';
import { Loading, Message } from './components/ui.tsx';
import { Link, navigate, useLocation } from './routing/router.tsx';
import { can, documentTitle, hasRole, matchRoute, navigationFor, ROLE_LABELS, safeReturnPath, type NavEntry, type ScreenId } from './routing/routes.ts';
import { SCREENS, type ScreenProps } from './screens/registry.ts';
import { PasswordScreen } from './screens/password.tsx';
import { SignInForm, SignInScreen } from './screens/sign-in.tsx';

type State = { kind: 'loading' } | { kind: 'signedOut'; notice: string | null } | { kind: 'signedIn'; session: SessionReply } | { kind: 'failed'; message: string };

export function App() {
  const onUnauthorized = useRef<(error: AdminApiError) => void>(() => undefined);
  const api = useMemo(() => new AdminApi({ onUnauthorized: (error) => onUnauthorized.current(error) }), []);
  const [state, setState] = useState<State>({ kind: 'loading' });
  /** Set when the session ended while signed in: the sign-in dialog over the screen. */
  const [reauth, setReauth] = useState<string | null>(null);
  const location = useLocation();

  onUnauthorized.current = (error) => {
    if (state.kind === 'signedIn') setReauth(error.message);
  };

  useEffect(() => {
    api.session().then(
      (session) => setState({ kind: 'signedIn', session }),
      (error: unknown) => {
        if (error instanceof AdminApiError && error.status === 401) setState({ kind: 'signedOut', notice: null });
        else setState({ kind: 'failed', message: errorMessage(error) });
      },
    );
  }, [api]);

  // Signed out: only the sign-in address, remembering where the staff member was going.
  useEffect(() => {
    if (state.kind !== 'signedOut' || location.pathname === '/admin/sign-in') return;
    navigate(`/admin/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true, force: true });
  }, [state.kind, location.pathname, location.search]);

  const signedIn = useCallback((session: SessionReply) => {
    setState({ kind: 'signedIn', session });
    setReauth(null);
  }, []);

  if (state.kind === 'loading') return <Loading label="管理画面を読み込んでいます…" />;
  if (state.kind === 'failed') {
    return (
      <main id="main" class="sign-in-page">
        <h1>管理画面を表示できませんでした</h1>
        <Message kind="error">{state.message}</Message>
      </main>
    );
  }
  if (state.kind === 'signedOut') {
    return (
      <AnnouncerProvider>
        <SignInScreen
          api={api}
          notice={state.notice}
          onSignedIn={(session) => {
            const next = safeReturnPath(new URLSearchParams(location.search).get('next'));
            signedIn(session);
            navigate(next, { replace: true, force: true });
          }}
        />
      </AnnouncerProvider>
    );
  }
  return (
    <AnnouncerProvider>
      <Console
        api={api}
        session={state.session}
        onSession={signedIn}
        onSignedOut={() => setState({ kind: 'signedOut', notice: 'ログアウトしました。' })}
      />
      {reauth !== null ? <ReauthDialog api={api} notice={reauth} loginId={state.session.staff.loginId} onSignedIn={signedIn} /> : null}
    </AnnouncerProvider>
  );
}

/** The sign-in form in a modal dialog over the screen (the screen and its form stay mounted). */
function ReauthDialog({ api, notice, loginId, onSignedIn }: { api: AdminApi; notice: string; loginId: string; onSignedIn: (session: SessionReply) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    dialog.showModal();
    // The same person usually signs in again: start at the password.
    dialog.querySelector<HTMLInputElement>('input[type="password"]')?.focus();
  }, []);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="reauth-title" onCancel={(event) => event.preventDefault()}>
      <h2 id="reauth-title">もう一度ログインしてください</h2>
      <p>入力中の内容はそのまま残っています。ログインしたあと、もう一度保存などの操作をしてください。</p>
      <SignInForm api={api} notice={notice} initialLoginId={loginId} onSignedIn={onSignedIn} />
    </dialog>
  );
}

interface ConsoleProps {
  api: AdminApi;
  session: SessionReply;
  onSession: (session: SessionReply) => void;
  onSignedOut: () => void;
}

function Console({ api, session, onSession, onSignedOut }: ConsoleProps) {
  const location = useLocation();
  const announce = useAnnounce();
  const match = matchRoute(location.pathname);
  const staff = session.staff;
  /** A screen's own title, for the screen (key) that set it. */
  const [customTitle, setCustomTitle] = useState<{ key: string; title: string } | null>(null);
  const screenKeyRef = useRef('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    if (match.kind === 'redirect') navigate(match.to, { replace: true, force: true });
  }, [match.kind === 'redirect' ? match.to : null]);

  // A new screen: its own title, focus on its heading, and say where we are.
  const screenKey = match.kind === 'screen' ? `${match.route.id}:${JSON.stringify(match.params)}` : '';
  screenKeyRef.current = screenKey;
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [screenKey]);

  const route = match.kind === 'screen' ? match.route : null;
  const title = (customTitle?.key === screenKey ? customTitle.title : null) ?? route?.title ?? '';
  useEffect(() => {
    if (title) document.title = documentTitle(title);
  }, [title]);

  const context = useMemo<AppContextValue>(
    () => ({ api, staff, can: (permission) => can(staff.role, permission), setTitle: (text) => setCustomTitle({ key: screenKeyRef.current, title: text }) }),
    [api, staff],
  );

  const signOut = async () => {
    if (!navigate('/admin/sign-in', { replace: false })) return;
    try {
      await api.signOut();
    } catch {
      /* the session is gone either way */
    }
    announce('ログアウトしました。');
    onSignedOut();
  };

  if (!route) return <Loading />;
  const allowed = hasRole(staff.role, route.minRole);
  let screen;
  if (!allowed) screen = <Message kind="error">この画面を開く権限がありません。必要な場合は管理者にご相談ください。</Message>;
  else if (route.id === 'password') screen = <PasswordScreen onRenewed={onSession} />;
  else {
    const Screen: ComponentType<ScreenProps> = SCREENS[route.id as Exclude<ScreenId, 'password' | 'signIn'>] ?? SCREENS.notFound;
    const params = match.kind === 'screen' ? match.params : {};
    screen = <Screen key={screenKey} params={params} query={new URLSearchParams(location.search)} />;
  }

  return (
    <AppContext.Provider value={context}>
      <a class="skip-link" href="#main-heading">
        本文へ移動
      </a>
      <header class="topbar">
        <p class="brand">
          <Link href="/admin/qas">窓口 管理画面</Link>
        </p>
        <div class="user-menu">
          <span class="user-name">
            {staff.displayName}（{ROLE_LABELS[staff.role]}）
          </span>
          <Link href="/admin/password" aria-current={route.id === 'password' ? 'page' : undefined}>
            パスワードの変更
          </Link>
          <button type="button" class="button button-secondary button-small" onClick={signOut}>
            ログアウト
          </button>
        </div>
      </header>
      <div class="frame">
        <nav class="sidebar" aria-label="メニュー">
          <ul>
            {navigationFor(staff.role).map((item) =>
              'group' in item ? (
                <li key={item.group}>
                  <span class="nav-group">{item.group}</span>
                  <ul>
                    {item.entries.map((entry) => (
                      <NavLink key={entry.id} entry={entry} current={isCurrent(entry, route.id)} />
                    ))}
                  </ul>
                </li>
              ) : (
                <NavLink key={item.id} entry={item} current={isCurrent(item, route.id)} />
              ),
            )}
          </ul>
        </nav>
        <main id="main" class="content">
          <h1 id="main-heading" tabIndex={-1} ref={headingRef}>
            {title}
          </h1>
          {staff.role === 'viewer' ? <p class="role-note">閲覧者のため、内容の表示のみできます。</p> : null}
          {screen}
        </main>
      </div>
    </AppContext.Provider>
  );
}

/** QA一覧 stays marked while a QA is open. */
function isCurrent(entry: NavEntry, current: ScreenId): boolean {
  if (entry.id === 'qaList') return current === 'qaList' || current === 'qaEdit' || current === 'qaNew' || current === 'qaHistory';
  return entry.id === current;
}

function NavLink({ entry, current }: { entry: NavEntry; current: boolean }) {
  return (
    <li>
      <Link href={entry.path} aria-current={current ? 'page' : undefined}>
        {entry.label}
      </Link>
    </li>
  );
}
