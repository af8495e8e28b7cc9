/**
 * The apps' look (the colours and radii of apps/agent/src/styles/base.css) for the public help pages.
 * Inline, allowed by its hash in the pages' CSP: no request for it, and no other style can run.
 */
export const KB_STYLE = `:root{--font:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;
--font-mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;--bg:#f4f5f9;--surface:#fff;
--surface-muted:#f8f9fc;--border:#e3e6ee;--border-strong:#cfd4e0;--text:#1b2232;--text-muted:#566074;
--primary:#4f46e5;--primary-hover:#4338ca;--primary-soft:#eef0ff;--primary-text:#3730a3;--radius-sm:6px;
--radius:10px;--radius-lg:14px;--shadow-sm:0 1px 2px rgb(16 24 40/6%);--focus:0 0 0 3px rgb(79 70 229/35%);color-scheme:light}
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:var(--font);font-size:16px;line-height:1.6;color:var(--text);background:var(--bg)}
a{color:var(--primary)}a:hover{color:var(--primary-hover)}
:focus-visible{outline:none;box-shadow:var(--focus);border-radius:var(--radius-sm)}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.kb-header{background:var(--surface);border-bottom:1px solid var(--border)}
.kb-bar,.kb-main{max-width:820px;margin:0 auto;padding:16px 20px}
.kb-bar{display:flex;align-items:center;justify-content:space-between;gap:16px;flex-wrap:wrap}
.kb-brand{display:flex;align-items:center;gap:10px;font-weight:700;font-size:18px;color:var(--text);text-decoration:none}
.kb-mark{display:inline-grid;place-items:center;width:32px;height:32px;border-radius:var(--radius);background:var(--primary);color:#fff}
.kb-langs{display:flex;gap:12px;font-size:14px}.kb-langs [aria-current]{font-weight:700;color:var(--text);text-decoration:none}
.kb-search{display:flex;gap:8px;margin:8px 0 24px}
.kb-search input{flex:1;min-width:0;font:inherit;padding:10px 12px;border:1px solid var(--border-strong);border-radius:var(--radius);background:var(--surface);color:var(--text)}
.kb-search button{font:inherit;font-weight:600;padding:10px 16px;border:0;border-radius:var(--radius);background:var(--primary);color:#fff;cursor:pointer}
.kb-search button:hover{background:var(--primary-hover)}
h1{font-size:28px;line-height:1.25;margin:0 0 8px}.kb-intro,.kb-meta{color:var(--text-muted);margin:0 0 16px}
.kb-group{background:var(--surface);border:1px solid var(--border);border-radius:var(--radius-lg);box-shadow:var(--shadow-sm);padding:16px 20px;margin:0 0 16px}
.kb-group h2{font-size:18px;margin:0 0 8px}.kb-group ul{margin:0;padding:0;list-style:none}.kb-group li{padding:6px 0;border-top:1px solid var(--border)}
.kb-group li:first-child{border-top:0}
.kb-article{background:var(--surface);border:1px solid var(--border);border-radius:var(--radius-lg);box-shadow:var(--shadow-sm);padding:24px 28px;overflow-wrap:anywhere}
.kb-category{display:inline-block;font-size:13px;font-weight:600;color:var(--primary-text);background:var(--primary-soft);border-radius:999px;padding:2px 10px;margin:0 0 8px}
.markdown pre{background:var(--surface-muted);border:1px solid var(--border);border-radius:var(--radius-sm);padding:12px;overflow:auto}
.markdown code{font-family:var(--font-mono);font-size:.9em}
.markdown blockquote{margin:0;padding-left:12px;border-left:3px solid var(--border-strong);color:var(--text-muted)}
.markdown table{border-collapse:collapse}.markdown th,.markdown td{border:1px solid var(--border);padding:4px 8px}
.kb-back{display:inline-block;margin:0 0 16px}`
