/**
 * All of the widget's CSS, applied as a constructable stylesheet (`adoptedStyleSheets`): a city's CSP that
 * forbids inline styles (no 'unsafe-inline') does not apply to it, and the shadow root keeps the city's CSS
 * out. Colours: body text #1a1a1a and secondary text #4d4d4d on white; the theme colour (≥ 4.5:1 against
 * white, checked by the server) carries white text or sits as text on white, never on grey.
 */

const FULL = `inset:0;width:auto;max-width:none;height:100vh;height:100dvh;max-height:none;border:0;border-radius:0;
padding:0 env(safe-area-inset-right) 0 env(safe-area-inset-left)`;
const HIDDEN = 'position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;border:0';

export const CSS = `
:host{all:initial}
:host([mode=page]){display:block}
*,::before,::after{box-sizing:border-box}
[hidden]{display:none!important}
.vh{${HIDDEN}}
.root{--theme:var(--mc-theme,#1f5c99);font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",Meiryo,sans-serif;
font-size:16px;line-height:1.7;color:#1a1a1a;text-align:left;-webkit-text-size-adjust:100%;text-size-adjust:100%}
button,select,textarea{font:inherit;color:inherit;letter-spacing:inherit;margin:0}
button{cursor:pointer}
:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px;box-shadow:0 0 0 2px #fff}
.panel:focus{outline:none}
svg{display:block;flex:none}

.launcher{position:fixed;z-index:2147483646;right:max(16px,env(safe-area-inset-right));bottom:max(16px,env(safe-area-inset-bottom));
display:flex;align-items:center;gap:8px;min-width:56px;height:56px;padding:0 20px 0 6px;border:2px solid #fff;border-radius:28px;
background:var(--theme);color:#fff;font-weight:700;line-height:1.2;box-shadow:0 2px 10px rgba(0,0,0,.35)}
[data-position=left] .launcher{right:auto;left:max(16px,env(safe-area-inset-left))}
.launcher .avatar{width:40px;height:40px}
.slot{display:contents}
.avatar{flex:none;display:flex;align-items:center;justify-content:center;width:32px;height:32px;border-radius:50%;background:#fff;color:var(--theme);object-fit:cover}
.avatar svg{width:60%;height:60%}

.panel{position:fixed;z-index:2147483647;right:16px;bottom:88px;display:flex;flex-direction:column;width:380px;max-width:calc(100vw - 32px);
height:600px;max-height:calc(100vh - 104px);max-height:calc(100dvh - 104px);overflow:hidden;background:#fff;border:1px solid #8c939c;
border-radius:12px;box-shadow:0 6px 28px rgba(0,0,0,.3)}
[data-position=left] .panel{right:auto;left:16px}
/* Page mode: the document scrolls, header and input stay in view (sticky), the column is centred. */
.page .panel{position:relative;inset:auto;z-index:auto;width:100%;max-width:none;height:auto;min-height:100vh;min-height:100dvh;max-height:none;
overflow:visible;border:0;border-radius:0;box-shadow:none}
.page .header{position:sticky;top:0;z-index:1}
.page .log{flex:1 0 auto;overflow:visible;align-items:center}
.page .msg{width:100%;max-width:832px;scroll-margin:100px 0 140px}
.page .composer{position:sticky;bottom:0;z-index:1}
.page .composer>*{max-width:832px;margin-inline:auto}

.header{flex:none;display:flex;flex-wrap:wrap;align-items:center;gap:4px 6px;padding:8px 4px 8px 12px;background:var(--theme);color:#fff}
.title{flex:1 1 6em;min-width:0;margin:0;font-size:1em;font-weight:700;line-height:1.35;overflow-wrap:anywhere}
.role{display:block;font-size:.75em;font-weight:400}
.tools{flex:none;display:flex;align-items:center;gap:2px;margin-left:auto}
.language{height:36px;max-width:7.5em;padding:0 4px;border:1px solid #fff;border-radius:8px;background:#fff;color:#1a1a1a}
.icon-button{display:inline-flex;align-items:center;justify-content:center;width:40px;height:40px;padding:0;border:0;border-radius:8px;background:transparent;color:#fff}
.icon-button svg{width:24px;height:24px}

.log{position:relative;flex:1;min-height:0;overflow-x:hidden;overflow-y:auto;overscroll-behavior:contain;display:flex;flex-direction:column;gap:12px;
padding:12px;background:#f3f4f6;scroll-behavior:smooth}
.msg{display:flex;align-items:flex-start;gap:8px;min-width:0}
.user{justify-content:flex-end}
.bubble{min-width:0;padding:10px 14px;border:1px solid #c9ced6;border-radius:12px;background:#fff;overflow-wrap:break-word}
.bot .bubble{flex:1;border-top-left-radius:4px}
.user .bubble{max-width:85%;background:var(--theme);border-color:var(--theme);color:#fff;white-space:pre-wrap;border-top-right-radius:4px}
.bubble p{margin:0 0 .5em}
.bubble>:last-child,.answer>:last-child,.contact>:last-child,.contact div>:last-child{margin-bottom:0}
.bubble h2,.bubble h3,.bubble h4{margin:.75em 0 .25em;font-size:1em;font-weight:700;line-height:1.5}
.answer .question{margin-top:0}
.bubble ul,.bubble ol{margin:0 0 .5em;padding-left:1.5em}
.bubble blockquote{margin:0 0 .5em;padding-left:.75em;border-left:3px solid #c9ced6}
.bubble img{max-width:100%;height:auto}
.bubble a{color:var(--theme);text-decoration:underline;text-underline-offset:2px}
.bubble a .icon-pdf{display:inline-block;width:1.1em;height:1.1em;margin:0 .1em 0 .2em;vertical-align:-.2em}
.file{white-space:nowrap}
.table{max-width:100%;overflow-x:auto;margin:0 0 .5em}
table{border-collapse:collapse;font-size:.9375em}
th,td{padding:4px 8px;border:1px solid #c9ced6;text-align:left;vertical-align:top}
.note{padding:6px 10px;border-left:4px solid #8a6d00;background:#fff8e1;color:#1a1a1a;font-size:.875em}
.error{color:#1a1a1a;font-weight:700}
.contact{margin-top:.75em;padding-left:10px;border-left:4px solid var(--theme)}
.contact>:first-child{margin-top:0}
.department{font-weight:700}

.ai{margin-bottom:.75em;padding:10px 12px;border:1px solid #c9ced6;border-radius:8px;background:#f7f8fa}
.choices{display:flex;flex-direction:column;gap:6px;margin:.25em 0 .75em;padding:0!important;list-style:none}
.choices.wrap{flex-direction:row;flex-wrap:wrap}
.choice{display:block;width:100%;min-height:44px;padding:8px 12px;border:1px solid var(--theme);border-radius:8px;background:#fff;color:var(--theme);
text-align:left;line-height:1.5;overflow-wrap:anywhere}
.wrap .choice{width:auto;border-radius:22px;padding:8px 14px}
.secondary{min-width:5em;min-height:44px;padding:6px 16px;border:2px solid var(--theme);border-radius:22px;background:#fff;color:var(--theme);font-weight:700;line-height:1.4}
.secondary[aria-pressed=true]{background:var(--theme);color:#fff}
[aria-disabled=true]{cursor:default}
.secondary[aria-disabled=true]:not([aria-pressed=true]){border-color:#8c939c;color:#4d4d4d}
.feedback{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin-top:12px;padding-top:10px;border-top:1px solid #dde1e6}
.feedback p{flex:1 1 100%;margin:0;font-weight:700}
.comment{display:flex;flex-direction:column;align-items:flex-start;gap:6px;margin-top:.75em}
.comment label{font-weight:700}
.hint{margin:0!important;color:#4d4d4d;font-size:.875em}
textarea{display:block;width:100%;padding:8px 10px;border:1px solid #767676;border-radius:8px;background:#fff;color:#1a1a1a;line-height:1.7}
textarea::placeholder{color:#6b6b6b;opacity:1}
.field{resize:vertical;min-height:5.5em}
textarea[readonly]{background:#f3f4f6}

.typing .bubble{flex:0 0 auto}
.dots{display:flex;gap:5px;padding:8px 2px}
.dots i{width:8px;height:8px;border-radius:50%;background:#6b6b6b;animation:mc-dot 1.2s infinite ease-in-out}
.dots i:nth-child(2){animation-delay:.2s}
.dots i:nth-child(3){animation-delay:.4s}
@keyframes mc-dot{0%,80%,100%{opacity:.35;transform:translateY(0)}40%{opacity:1;transform:translateY(-3px)}}

.composer{flex:none;padding:8px 12px;border-top:1px solid #c9ced6;background:#fff}
.row{display:flex;align-items:flex-end;gap:8px}
.row textarea{flex:1;min-width:0;height:calc(1.7em + 18px);max-height:calc(6.8em + 18px);overflow-y:auto;resize:none}
.send{flex:none;display:inline-flex;align-items:center;justify-content:center;width:44px;height:44px;padding:0;border:0;border-radius:50%;background:var(--theme);color:#fff}
.send svg{width:22px;height:22px}
.send[aria-disabled=true]{background:#6b6b6b}
.meta{display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 12px;margin-top:4px;color:#4d4d4d;font-size:.8125em;line-height:1.5}
.meta p{margin:0}
.counter{margin-left:auto}
.full{color:#b3261e;font-weight:700}

@media (hover:hover){
.choice:hover,.secondary:not([aria-disabled=true]):hover{background:var(--theme);color:#fff}
.icon-button:hover{background:rgba(0,0,0,.25)}
.launcher:hover{box-shadow:0 4px 16px rgba(0,0,0,.45)}
}
@media (max-width:480px),(max-height:560px){
.panel{${FULL}}
.header{padding-top:max(8px,env(safe-area-inset-top))}
.composer{padding-bottom:max(8px,env(safe-area-inset-bottom))}
}
@media (max-width:480px){
.launcher{width:56px;padding:0;justify-content:center}
.launcher-label{${HIDDEN}}
}
@media (prefers-reduced-motion:reduce){
*,::before,::after{animation:none!important;transition:none!important}
.log{scroll-behavior:auto}
}
@media (forced-colors:active){
.launcher,.choice,.secondary,.send,.bubble{border:1px solid ButtonText}
}
`;

let sheet: CSSStyleSheet | null = null;

/** Applies the stylesheet (shared by every instance) to a shadow root. */
export function adoptStyles(root: ShadowRoot): void {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  root.adoptedStyleSheets = [sheet];
}
