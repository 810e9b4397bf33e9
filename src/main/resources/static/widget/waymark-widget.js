/*
 * Waymark web chat widget. Embed with one tag:
 *   <script src="https://host/widget/waymark-widget.js" data-practice="riverside" defer></script>
 * Plain JavaScript, no dependencies. Every piece of text is set with textContent, never parsed as HTML, and nothing
 * here needs inline scripts or styles, so the page can keep a strict Content-Security-Policy.
 */
(() => {
  'use strict';

  const script = document.currentScript || document.querySelector('script[src*="waymark-widget.js"]');
  if (!script || window.waymarkWidget) return;

  const src = new URL(script.src, location.href);
  const api = src.origin + '/api/webchat';
  const practice = script.dataset.practice || '';
  const storeKey = 'waymark.webchat.' + (practice || 'default');
  const MAX_CHARS = 1000;
  // The widget's words come from the server (GET /api/webchat/languages: dialogs/locale.yaml and each language's
  // own); these English ones are only for when it cannot be reached, so the chat still says what went wrong.
  const FALLBACK = {
    title: 'What matters to you', launcher: 'Chat with us', new_message: ' (new message)', close: 'Close chat',
    conversation: 'Conversation', writing: 'Waymark is writing', quick_replies: 'Quick replies',
    your_message: 'Your message', send: 'Send',
    not_for_emergencies: 'Not for emergencies. If you are in danger, call 999. For urgent help, call NHS 111.',
    delete_question: 'Delete this conversation?',
    delete_explained: ' Everything you have said in this chat will be removed. This cannot be undone.',
    delete_yes: 'Yes, delete it', delete_no: 'No, keep it', delete_link: 'Delete my conversation',
    who_bot: 'Waymark', who_patient: 'You', who_worker: 'Link worker', urgent_help: 'Urgent help',
    from: ' from ', at: ' at ', suggested_activities: 'Suggested activities', activity: 'Activity', when: 'When',
    cost: 'Cost', distance: 'Distance', why: 'Why', choose: 'Choose', km_away: '{km} km away ({miles} miles)',
    km_away_one_mile: '{km} km away (1 mile)', language: 'Language',
    too_long: 'Please send a shorter message (up to 1,000 characters).', empty: 'Please type a message first.',
    network: 'We could not reach the practice. Check your internet connection and try again. Your message has not been lost.',
    offline: 'You seem to be offline. We will reconnect when you are back online.',
    server: 'Something went wrong on our side. Please try again in a moment.',
    unavailable: 'Waymark cannot reach its database just now. Please try again in a minute. In an emergency call 999.',
    deleted: 'Your conversation has been deleted.'
  };
  let L = Object.assign({}, FALLBACK); // the labels in the conversation's language
  let languages = [];                  // [{code, name, labels}] as the server lists them, the default first
  let lang = 'en';
  const labelled = [];                 // [node, key, attribute or null]: relabelled when the language changes
  const who = (from) => L['who_' + from] || FALLBACK.who_bot;
  const title = () => (lang === 'en' && script.dataset.title) || L.title;

  let session = load();       // {id, token} or null
  let started = false;        // transcript is on screen and the live feed is open
  let starting = null;        // the start in progress, shared by callers
  let busy = false;
  let events = null;
  let retries = 0;
  let retryTimer = 0;
  const seen = new Set();

  // ---- small DOM builder: attributes and text only, children appended as nodes or text nodes
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  }

  function svg(paths, cls) {
    const ns = 'http://www.w3.org/2000/svg';
    const s = document.createElementNS(ns, 'svg');
    s.setAttribute('viewBox', '0 0 24 24');
    s.setAttribute('aria-hidden', 'true');
    s.setAttribute('focusable', 'false');
    s.setAttribute('class', cls);
    for (const d of paths) {
      const p = document.createElementNS(ns, 'path');
      p.setAttribute('d', d);
      s.append(p);
    }
    return s;
  }

  function sr(text) {
    return el('span', { class: 'wmw-sr', text });
  }

  // A node whose text (or an attribute) is a label: set now and again when the language changes.
  function lbl(node, key, attr) {
    labelled.push([node, key, attr]);
    put(node, key, attr);
    return node;
  }

  function put(node, key, attr) {
    const v = key === 'title' ? title() : (L[key] != null ? L[key] : FALLBACK[key]);
    if (attr) node.setAttribute(attr, v);
    else node.textContent = v;
  }

  // The conversation's language: the widget's labels in it, lang on the widget, the switch to the others.
  function setLanguage(code) {
    const found = languages.find((l) => l.code === code);
    lang = found ? code : (code || 'en');
    L = Object.assign({}, FALLBACK, found ? found.labels : {});
    root.setAttribute('lang', lang);
    for (const [n, k, a] of labelled) put(n, k, a);
    switcher.textContent = '';
    for (const l of languages) {
      if (l.code === lang) continue;
      switcher.append(el('button', {
        type: 'button', class: 'wmw-lang', lang: l.code, 'data-language': l.code,
        onclick: () => chooseLanguage(l.code)
      }, l.name));
    }
    switcher.hidden = !switcher.childElementCount;
  }

  async function loadLanguages() {
    try {
      const res = await fetch(api + '/languages', { credentials: 'omit', headers: { Accept: 'application/json' } });
      if (res.ok) languages = (await res.json()) || [];
    } catch (e) { /* the English fallback stays */ }
    setLanguage((session && session.lang) || lang);
  }

  // The conversation's language as the server says it is after a call.
  function heardLanguage(code) {
    if (!code || code === lang) return;
    if (session) {
      session.lang = code;
      save(session);
    }
    setLanguage(code);
  }

  // ---- storage (may be unavailable: private browsing, blocked cookies)
  function load() {
    try {
      const s = JSON.parse(localStorage.getItem(storeKey) || 'null');
      return s && s.id && s.token ? s : null;
    } catch (e) {
      return null;
    }
  }

  function save(value) {
    try {
      if (value) localStorage.setItem(storeKey, JSON.stringify(value));
      else localStorage.removeItem(storeKey);
    } catch (e) { /* the chat still works for this page view */ }
  }

  function remember(open) {
    try {
      if (open) localStorage.setItem(storeKey + '.open', '1');
      else localStorage.removeItem(storeKey + '.open');
    } catch (e) { /* not essential */ }
  }

  function wasOpen() {
    try {
      return localStorage.getItem(storeKey + '.open') === '1';
    } catch (e) {
      return false;
    }
  }

  // ---- the interface
  const launcherLabel = lbl(el('span', { class: 'wmw-launcher-label' }), 'launcher');
  const unread = el('span', { class: 'wmw-unread', hidden: true }, el('span', { 'aria-hidden': 'true', text: '1' }),
    lbl(sr(''), 'new_message'));
  const launcher = el('button', {
    type: 'button', class: 'wmw-launcher', 'aria-expanded': 'false', 'aria-controls': 'wmw-panel',
    onclick: () => (panel.hidden ? open(true) : close())
  }, svg(['M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z'], 'wmw-icon'),
  launcherLabel, unread);

  const closeButton = el('button', { type: 'button', class: 'wmw-close', onclick: () => close() },
    svg(['M6 6l12 12M18 6L6 18'], 'wmw-icon wmw-icon--line'), lbl(sr(''), 'close'));

  const log = lbl(el('div', {
    class: 'wmw-log', role: 'log', 'aria-live': 'polite', tabindex: '0'
  }), 'conversation', 'aria-label');
  const typing = el('p', { class: 'wmw-typing', 'aria-hidden': 'true', hidden: true },
    lbl(el('span'), 'writing'), el('span', { class: 'wmw-dots' }));
  const alertBox = el('div', { class: 'wmw-alert', role: 'alert', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const replies = lbl(el('div', { class: 'wmw-replies', role: 'group', hidden: true }), 'quick_replies',
    'aria-label');
  const switcher = lbl(el('div', { class: 'wmw-langs', role: 'group', hidden: true }), 'language', 'aria-label');

  const input = el('textarea', {
    id: 'wmw-input', class: 'wmw-input', rows: '2', autocomplete: 'off', 'aria-describedby': 'wmw-hint',
    onkeydown: (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        submit();
      }
    }
  });
  const sendButton = lbl(el('button', { type: 'submit', class: 'wmw-send' }), 'send');
  const form = el('form', {
    class: 'wmw-form', novalidate: true,
    onsubmit: (ev) => {
      ev.preventDefault();
      submit();
    }
  },
  lbl(el('label', { for: 'wmw-input', class: 'wmw-label' }), 'your_message'),
  el('div', { class: 'wmw-row' }, input, sendButton));

  const confirmText = el('p', { class: 'wmw-confirm-text', tabindex: '-1' },
    lbl(el('strong'), 'delete_question'), lbl(el('span'), 'delete_explained'));
  const confirmBox = el('div', { class: 'wmw-confirm', hidden: true }, confirmText,
    el('div', { class: 'wmw-confirm-actions' },
      lbl(el('button', { type: 'button', class: 'wmw-btn wmw-btn--danger', onclick: () => forget() }), 'delete_yes'),
      lbl(el('button', { type: 'button', class: 'wmw-btn wmw-btn--secondary', onclick: () => cancelForget() }),
        'delete_no')));
  const deleteButton = lbl(el('button', {
    type: 'button', class: 'wmw-link',
    onclick: () => {
      confirmBox.hidden = false;
      deleteButton.hidden = true;
      confirmText.focus();
    }
  }), 'delete_link');

  const panel = el('section', {
    id: 'wmw-panel', class: 'wmw-panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'wmw-title',
    hidden: true
  },
  el('div', { class: 'wmw-head' },
    el('div', { class: 'wmw-head-text' },
      lbl(el('h2', { id: 'wmw-title', class: 'wmw-title' }), 'title'),
      lbl(el('p', { id: 'wmw-hint', class: 'wmw-sub' }), 'not_for_emergencies'),
      switcher),
    closeButton),
  log, typing, alertBox, replies, form,
  el('div', { class: 'wmw-foot' }, deleteButton, confirmBox));

  const root = el('div', {
    class: 'wmw', hidden: true,
    onkeydown: (ev) => {
      if ((ev.key === 'Escape' || ev.key === 'Esc') && !panel.hidden) {
        ev.preventDefault();
        if (!confirmBox.hidden) cancelForget();
        else close();
      }
    }
  }, panel, launcher);

  // ---- opening and closing
  function open(focus) {
    panel.hidden = false;
    root.classList.add('wmw--open');
    launcher.setAttribute('aria-expanded', 'true');
    unread.hidden = true;
    remember(true);
    if (focus) input.focus();
    start(true).then(() => scrollToEnd());
  }

  function close() {
    panel.hidden = true;
    root.classList.remove('wmw--open');
    launcher.setAttribute('aria-expanded', 'false');
    remember(false);
    launcher.focus();
  }

  // ---- talking to the API
  async function call(method, path, body) {
    const headers = { Accept: 'application/json, application/problem+json' };
    if (session) headers['X-Session-Token'] = session.token;
    if (body) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(api + path, {
        method, headers, body: body ? JSON.stringify(body) : undefined, credentials: 'omit', cache: 'no-store'
      });
    } catch (e) {
      throw new Error(navigator.onLine === false ? L.offline : L.network);
    }
    let data = {};
    try {
      data = (await res.json()) || {};
    } catch (e) { /* no JSON body */ }
    return { ok: res.ok, status: res.status, data };
  }

  function failure(r) {
    if (r.status === 413) return new Error(L.too_long);
    // Waymark is up but cannot reach its database: the server's plain words, with the crisis number
    if (r.status === 503) return new Error(r.data.detail || L.unavailable);
    if (r.status === 400) return new Error(r.data.detail || L.empty);
    if (r.status >= 500 || !r.data.detail) return new Error(L.server);
    return new Error(r.data.detail);
  }

  const sessionPath = () => '/sessions/' + encodeURIComponent(session.id);
  const gone = (r) => r.status === 404 || r.status === 403;

  // Shows the conversation: the stored one if the server still knows it, else (when allowed) a new one.
  function start(allowNew) {
    if (started) return Promise.resolve(true);
    if (!starting) {
      starting = (async () => {
        try {
          if (session) {
            const r = await call('GET', sessionPath() + '/messages');
            if (r.ok) {
              heardLanguage(r.data.language);
              rebuild(r.data.messages);
              started = true;
              listen();
              return true;
            }
            if (!gone(r)) throw failure(r);
            drop();
          }
          if (!allowNew) return false;
          await create();
          return true;
        } catch (e) {
          if (allowNew) showError(e.message);
          return false;
        } finally {
          starting = null;
        }
      })();
    }
    return starting;
  }

  async function create() {
    const r = await call('POST', '/sessions', practice ? { practice } : {});
    if (!r.ok || !r.data.sessionId) throw failure(r);
    session = { id: r.data.sessionId, token: r.data.token, lang: r.data.language || 'en' };
    save(session);
    setLanguage(session.lang);
    rebuild(r.data.messages);
    started = true;
    listen();
  }

  // Forgets the session on this device (the server lost or refused it, or the patient deleted it).
  function drop() {
    if (events) events.close();
    delete root.dataset.live;
    events = null;
    clearTimeout(retryTimer);
    session = null;
    started = false;
    save(null);
  }

  function listen() {
    if (!session || events || typeof EventSource === 'undefined') return;
    const mine = session;
    const es = new EventSource(api + '/sessions/' + encodeURIComponent(mine.id) + '/events?token='
      + encodeURIComponent(mine.token));
    let dropped = false;
    events = es;
    es.addEventListener('message', (ev) => {
      try {
        const m = JSON.parse(ev.data);
        if (add(m)) {
          afterTurn();
          if (panel.hidden && m.from !== 'patient') unread.hidden = false;
        }
      } catch (e) { /* ignore a malformed event */ }
    });
    es.addEventListener('open', () => {
      root.dataset.live = 'open'; // lets a page (or a test) know live replies will arrive
      retries = 0;
      if (dropped) resync();
      dropped = false;
    });
    es.addEventListener('error', () => {
      dropped = true;
      root.dataset.live = 'reconnecting';
      if (es.readyState !== EventSource.CLOSED) return; // the browser reconnects by itself
      es.close();
      if (events === es) events = null;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => {
        if (session === mine) resync().then(listen);
      }, Math.min(30000, 2000 * 2 ** retries++));
    });
  }

  // Catches up after the live feed was interrupted: the transcript is the truth.
  async function resync() {
    if (!session || busy) return;
    try {
      const r = await call('GET', sessionPath() + '/messages');
      if (r.ok) {
        heardLanguage(r.data.language);
        rebuild(r.data.messages);
      } else if (gone(r)) drop();
    } catch (e) { /* try again on the next reconnect */ }
  }

  // ---- sending
  function submit() {
    send(input.value, false);
  }

  async function send(raw, fromButton) {
    const text = String(raw || '').trim();
    if (busy) return;
    if (!text) {
      showError(L.empty);
      input.focus();
      return;
    }
    if (text.length > MAX_CHARS) {
      showError(L.too_long);
      input.focus();
      return;
    }
    setBusy(true);
    clearError();
    let pending = null;
    try {
      if (!(await start(true))) return;
      pending = addPending(text);
      let r = await call('POST', sessionPath() + '/messages', { text });
      if (gone(r)) {
        // The practice no longer knows this conversation: start a new one and send the message there.
        pending.remove();
        drop();
        await create();
        pending = addPending(text);
        r = await call('POST', sessionPath() + '/messages', { text });
      }
      if (!r.ok) throw failure(r);
      pending.classList.remove('wmw-msg--pending');
      pending = null;
      if (input.value.trim() === text) input.value = '';
      heardLanguage(r.data.language);
      for (const m of r.data.messages || []) add(m);
      afterTurn();
    } catch (e) {
      if (pending) pending.remove();
      showError(e.message);
    } finally {
      setBusy(false);
      const first = replies.querySelector('button');
      if (fromButton && first) first.focus();
      else if (fromButton || document.activeElement === document.body) input.focus();
    }
  }

  // The language switch: the conversation goes on in the language chosen (a new one starts if there is none).
  async function chooseLanguage(code) {
    if (busy) return;
    setBusy(true);
    clearError();
    try {
      if (!(await start(true))) return;
      const r = await call('POST', sessionPath() + '/language', { language: code });
      if (!r.ok) throw failure(r);
      heardLanguage(r.data.language);
      for (const m of r.data.messages || []) add(m);
      afterTurn();
    } catch (e) {
      showError(e.message);
    } finally {
      setBusy(false);
      input.focus();
    }
  }

  function setBusy(on) {
    busy = on;
    typing.hidden = !on;
    sendButton.disabled = on;
    panel.setAttribute('aria-busy', on ? 'true' : 'false');
    for (const b of replies.querySelectorAll('button')) b.disabled = on;
  }

  async function forget() {
    cancelForget(true);
    if (busy) return;
    clearError();
    setBusy(true);
    try {
      let said = [];
      if (session) {
        const r = await call('POST', sessionPath() + '/messages', { text: 'FORGET' });
        if (!r.ok && !gone(r)) throw failure(r);
        said = (r.ok && r.data.messages) || [];
      }
      drop();
      rebuild([]);
      for (const m of said) add(m);
      if (!said.length) add({ id: 'deleted-' + Date.now(), from: 'bot', text: L.deleted });
      setReplies([]);
    } catch (e) {
      showError(e.message);
    } finally {
      setBusy(false);
      input.focus();
    }
  }

  function cancelForget(quiet) {
    confirmBox.hidden = true;
    deleteButton.hidden = false;
    if (!quiet) deleteButton.focus();
  }

  // ---- rendering
  function rebuild(messages) {
    log.textContent = '';
    seen.clear();
    setReplies([]);
    for (const m of messages || []) add(m);
    afterTurn();
  }

  // Adds one message to the log; false when it is already there.
  function add(m) {
    if (!m || typeof m !== 'object') return false;
    if (m.id != null) {
      if (seen.has(String(m.id))) return false;
      seen.add(String(m.id));
    }
    const from = ['bot', 'patient', 'worker'].includes(m.from) ? m.from : 'bot';
    const bubble = message(from, m.text, m.at, m.urgent === true && from !== 'patient', m.lang);
    const activities = Array.isArray(m.activities) ? m.activities : [];
    if (activities.length) {
      for (const b of log.querySelectorAll('.wmw-choose')) b.disabled = true; // older suggestions are stale
      bubble.append(cards(activities));
    }
    log.append(bubble);
    setReplies(from === 'patient' ? [] : (Array.isArray(m.options) ? m.options : []));
    return true;
  }

  function addPending(text) {
    setReplies([]);
    const bubble = message('patient', text, new Date().toISOString());
    bubble.classList.add('wmw-msg--pending');
    log.append(bubble);
    scrollToEnd();
    return bubble;
  }

  function message(from, text, at, urgent, textLang) {
    const meta = el('p', { class: 'wmw-meta' }, el('span', { class: 'wmw-who', text: who(from) }));
    if (urgent) meta.prepend(el('span', { class: 'wmw-urgent-label', text: L.urgent_help }), sr(L.from));
    const when = at ? new Date(at) : null;
    if (when && !isNaN(when)) {
      meta.append(sr(L.at), el('time', {
        class: 'wmw-time', datetime: when.toISOString(),
        text: when.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
      }));
    }
    meta.append(sr(':'));
    const body = el('div', { class: 'wmw-msg wmw-msg--' + from + (urgent ? ' wmw-msg--urgent' : '') }, meta);
    if (text) {
      const p = linked(String(text), from !== 'patient');
      // the bot's texts are English unless marked; a person's words are theirs and marked only when known
      if (textLang || from === 'bot') p.setAttribute('lang', textLang || 'en');
      body.append(p);
    }
    return body;
  }

  // Numbers a phone can act on, found in what Waymark or a link worker wrote. Each link is built from this fixed
  // list (never from the text), so a message can only ever link to these.
  const NUMBERS = [
    { re: /text SHOUT to 85258/gi, href: 'sms:85258?body=SHOUT' },
    { re: /\b116 ?123\b/g, href: 'tel:116123' },
    { re: /\b0808 ?2000 ?247\b/g, href: 'tel:08082000247' },
    { re: /\b0800 ?1111\b/g, href: 'tel:08001111' },
    { re: /\b999\b/g, href: 'tel:999' },
    { re: /\b111\b(?![.\w]\w)/g, href: 'tel:111' }
  ];

  // Text with web addresses (and, from Waymark or a link worker, crisis numbers) turned into links; every piece
  // is a text node, never HTML.
  function linked(text, numbers) {
    const p = el('p', { class: 'wmw-text' });
    const found = [];
    const web = /https:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g;
    let match;
    while ((match = web.exec(text))) {
      found.push({ at: match.index, end: match.index + match[0].length, href: match[0], web: true });
    }
    for (const n of numbers ? NUMBERS : []) {
      n.re.lastIndex = 0;
      while ((match = n.re.exec(text))) {
        const at = match.index;
        const end = at + match[0].length;
        if (!found.some((f) => at < f.end && end > f.at)) found.push({ at, end, href: n.href, web: false });
      }
    }
    found.sort((a, b) => a.at - b.at);
    let last = 0;
    for (const f of found) {
      p.append(text.slice(last, f.at));
      const words = text.slice(f.at, f.end);
      p.append(f.web
        ? el('a', { href: f.href, target: '_blank', rel: 'noopener noreferrer', text: words })
        : el('a', { href: f.href, class: 'wmw-phone', text: words }));
      last = f.end;
    }
    p.append(text.slice(last));
    return p;
  }

  function cards(activities) {
    const list = el('ul', { class: 'wmw-cards', 'aria-label': L.suggested_activities });
    activities.forEach((a, i) => {
      const name = String(a.name || L.activity + ' ' + (i + 1));
      const facts = el('dl', { class: 'wmw-facts' });
      const fact = (label, value) => {
        if (value != null && value !== '') {
          facts.append(el('div', { class: 'wmw-fact' }, el('dt', { text: label }), el('dd', { text: String(value) })));
        }
      };
      fact(L.when, a.when);
      fact(L.cost, a.cost);
      fact(L.distance, distance(a.distanceKm));
      fact(L.why, a.why);
      list.append(el('li', { class: 'wmw-card' },
        el('h3', { class: 'wmw-card-title' }, el('span', { class: 'wmw-card-number', text: (i + 1) + '. ' }), name),
        facts,
        el('button', { type: 'button', class: 'wmw-btn wmw-choose', onclick: () => send(String(i + 1), true) },
          L.choose, sr(' ' + name))));
    });
    return list;
  }

  function distance(km) {
    const n = Number(km);
    if (km == null || km === '' || !isFinite(n)) return null;
    const miles = n * 0.621371;
    const fmt = (x) => (x < 10 ? x.toFixed(1) : String(Math.round(x)));
    return (fmt(miles) === '1.0' ? L.km_away_one_mile : L.km_away).replace('{km}', fmt(n))
      .replace('{miles}', fmt(miles));
  }

  function setReplies(options) {
    replies.textContent = '';
    for (const o of options) {
      const text = String(o);
      replies.append(el('button', {
        type: 'button', class: 'wmw-reply', disabled: busy, onclick: () => send(text, true)
      }, text));
    }
    replies.hidden = options.length === 0;
  }

  function afterTurn() {
    scrollToEnd();
  }

  // Scrolls to the newest message, or to its top when it is taller than the log (activity cards).
  function scrollToEnd() {
    const last = log.lastElementChild;
    if (!last) return;
    log.scrollTop = last.offsetHeight > log.clientHeight
      ? last.offsetTop - log.offsetTop - 8
      : log.scrollHeight;
  }

  function showError(text) {
    alertBox.textContent = text;
  }

  function clearError() {
    alertBox.textContent = '';
  }

  // ---- start-up
  function mount() {
    document.body.append(root);
    loadLanguages();
    const reveal = () => {
      root.hidden = false;
    };
    const cssHref = new URL('waymark-widget.css' + src.search, src).href;
    const existing = Array.from(document.querySelectorAll('link[rel="stylesheet"]')).find((l) => l.href === cssHref);
    if (existing) {
      reveal();
    } else {
      const link = el('link', { rel: 'stylesheet', href: cssHref });
      link.addEventListener('load', reveal);
      link.addEventListener('error', reveal);
      document.head.append(link);
      setTimeout(reveal, 3000); // never leave the launcher invisible
    }
    // Any element on the page marked data-waymark-open opens the chat ("Start a chat" buttons).
    document.addEventListener('click', (ev) => {
      const opener = ev.target.closest && ev.target.closest('[data-waymark-open]');
      if (opener) {
        ev.preventDefault();
        open(true);
      }
    });
    window.addEventListener('offline', () => showError(L.offline));
    window.addEventListener('online', () => {
      if (alertBox.textContent === L.offline) clearError();
      if (session && !events) resync().then(listen);
    });
    if (session) {
      // A returning patient: show the conversation again and listen for link worker replies.
      if (wasOpen()) open(false);
      else start(false);
    }
  }

  window.waymarkWidget = { open: () => open(true), close };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
  else mount();
})();
