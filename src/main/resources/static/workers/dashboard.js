// Keeps the link worker dashboard live: the queue refreshes itself, waiting clocks tick, new messages appear in an
// open conversation. The pages work without it. No inline scripts (CSP); patient text only ever goes in textContent.
(() => {
  'use strict';
  const main = document.querySelector('main[data-dashboard]');
  if (!main) {
    return;
  }
  const page = main.dataset.dashboard;
  const liveStatus = document.getElementById('live-status');
  const liveState = document.getElementById('live-state');

  // The same words as HandoffPages.waitingWords on the server.
  function waitingWords(ms) {
    const minutes = Math.max(0, Math.floor(ms / 60000));
    if (minutes < 1) {
      return 'less than a minute';
    }
    if (minutes < 60) {
      return minutes + ' min';
    }
    const hours = Math.floor(minutes / 60);
    if (hours < 24) {
      return hours + ' hr' + (minutes % 60 === 0 ? '' : ' ' + (minutes % 60) + ' min');
    }
    const days = Math.floor(hours / 24);
    return days + (days === 1 ? ' day' : ' days') + (hours % 24 === 0 ? '' : ' ' + (hours % 24) + ' hr');
  }

  function tick() {
    const now = Date.now();
    document.querySelectorAll('.wm-waiting[data-opened-at]').forEach((el) => {
      const opened = Date.parse(el.dataset.openedAt);
      if (!Number.isNaN(opened)) {
        const words = waitingWords(now - opened);
        if (el.textContent !== words) {
          el.textContent = words;
        }
      }
    });
  }

  function announce(words) {
    if (liveStatus) {
      liveStatus.textContent = '';
      // A fresh text node after a tick so screen readers hear a repeat of the same words too.
      window.setTimeout(() => { liveStatus.textContent = words; }, 50);
    }
  }

  // ---- the queue: fetch the server's own rendering of it and swap it in, keeping focus where it was

  let refreshTimer = null;
  function refreshQueue() {
    window.clearTimeout(refreshTimer);
    refreshTimer = window.setTimeout(async () => {
      try {
        const res = await fetch(main.dataset.queue, {credentials: 'same-origin', headers: {Accept: 'text/html'}});
        if (!res.ok || res.redirected) {
          stopped();
          return;
        }
        const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
        const fresh = doc.getElementById('queue');
        const current = document.getElementById('queue');
        if (!fresh || !current) {
          return;
        }
        const focusedId = document.activeElement && current.contains(document.activeElement)
          ? document.activeElement.id : null;
        current.replaceWith(document.importNode(fresh, true));
        if (focusedId && document.getElementById(focusedId)) {
          document.getElementById(focusedId).focus();
        }
        tick();
      } catch (e) {
        // The next change or a reload will bring the queue up to date.
      }
    }, 200);
  }

  // ---- one conversation: append new messages, follow its status

  const WHO = {patient: 'Patient', worker: 'Link worker', bot: 'Waymark', note: 'Internal note'};
  // The same words and colours as HandoffPages.deliveryWords and handoff.html.
  const DELIVERY = {
    queued: ['Queued', 'wm-tag--grey'], sending: ['Queued', 'wm-tag--grey'], sent: ['Sent', 'wm-tag--green'],
    delivered: ['Delivered', 'wm-tag--green'], opted_out: ['Held: the patient texted STOP', 'wm-tag--red'],
    undelivered: ['Not delivered', 'wm-tag--red'], failed: ['Not delivered', 'wm-tag--red']
  };

  function deliveryTag(state) {
    const words = DELIVERY[state] || [String(state), 'wm-tag--grey'];
    const tag = document.createElement('strong');
    tag.className = 'wm-tag wm-delivery ' + words[1];
    tag.dataset.delivery = String(state);
    tag.textContent = words[0];
    return tag;
  }

  // As Handoffs.rank on the server: a state never moves back, and a missed one (the last three) is final.
  const DELIVERY_ORDER = ['queued', 'sending', 'sent', 'delivered'];
  const DELIVERY_MISSED = ['undelivered', 'failed', 'opted_out'];

  function deliveryRank(state) {
    return DELIVERY_MISSED.includes(state) ? DELIVERY_ORDER.length : DELIVERY_ORDER.indexOf(state);
  }

  function showDelivery(d) {
    const thread = document.getElementById('thread');
    const item = thread && d && thread.querySelector('[data-message-id="' + CSS.escape(String(d.messageId)) + '"]');
    if (!item) {
      return;
    }
    const meta = item.querySelector('.wm-thread__meta');
    const old = meta.querySelector('.wm-delivery');
    // The read refreshDeliveries started may answer after a newer live change: it must not take the reply back.
    const was = old && old.dataset.delivery;
    if (was && (was === String(d.state)
      || deliveryRank(d.state) <= deliveryRank(was) && !DELIVERY_MISSED.includes(d.state))) {
      return;
    }
    const tag = deliveryTag(d.state);
    if (old) {
      old.replaceWith(tag);
    } else {
      meta.append(document.createTextNode(' '), tag);
    }
    if (DELIVERY[d.state] && DELIVERY[d.state][1] === 'wm-tag--red') {
      announce('Your reply was not delivered: ' + tag.textContent + '.');
    }
  }

  function twoDigits(n) {
    return (n < 10 ? '0' : '') + n;
  }

  function appendMessage(m) {
    const thread = document.getElementById('thread');
    if (!thread || !m || thread.querySelector('[data-message-id="' + CSS.escape(String(m.id)) + '"]')) {
      return;
    }
    const from = WHO[m.from] ? m.from : 'bot';
    const li = document.createElement('li');
    li.className = 'wm-thread__item wm-thread__item--' + from;
    li.dataset.messageId = String(m.id);
    const meta = document.createElement('span');
    meta.className = 'wm-thread__meta';
    const who = document.createElement('strong');
    who.textContent = from === 'note' ? 'Internal note by ' + String(m.author || '')
      : from === 'worker' && m.author ? 'Link worker ' + String(m.author) : WHO[from];
    const at = document.createElement('time');
    const when = m.at ? new Date(m.at) : new Date();
    at.dateTime = when.toISOString();
    at.textContent = when.toLocaleDateString('en-GB', {day: 'numeric', month: 'short'}) + ', '
      + twoDigits(when.getHours()) + ':' + twoDigits(when.getMinutes());
    meta.append(who, document.createTextNode(', '), at);
    if (from === 'note') {
      const tag = document.createElement('span');
      tag.className = 'wm-tag wm-tag--yellow';
      tag.textContent = 'Not sent to the patient';
      meta.append(document.createTextNode(' '), tag);
    } else if (from === 'worker') {
      meta.append(document.createTextNode(' '), deliveryTag('queued'));
    }
    const text = document.createElement('span');
    text.className = 'wm-thread__text';
    text.textContent = String(m.text || '');
    li.append(meta, text);
    const atBottom = thread.scrollHeight - thread.scrollTop - thread.clientHeight < 40;
    thread.append(li);
    if (atBottom) {
      thread.scrollTop = thread.scrollHeight; // follow the conversation unless the worker scrolled back to read
    }
    if (from === 'patient') {
      announce('New message from the patient: ' + text.textContent);
    }
  }

  function followStatus(change) {
    const status = document.getElementById('handoff-status');
    if (!status) {
      return;
    }
    if (change.type === 'claimed') {
      status.textContent = 'Claimed by ' + change.assignee;
      announce('This conversation was claimed by ' + change.assignee + '.');
    } else if (change.type === 'assigned' || change.type === 'reopened') {
      status.textContent = 'Claimed by ' + change.assignee;
      announce('This conversation is now with ' + change.assignee + '. Reload the page to act on it.');
    } else if (change.type === 'released') {
      status.textContent = 'Waiting';
      announce('This conversation was released to the queue.');
    } else if (change.type === 'closed') {
      status.textContent = 'Closed';
      announce('This conversation was closed.');
    } else if (change.type === 'erased') {
      status.textContent = 'Data erased';
      announce('The patient asked for their data to be erased. Nothing more can be sent to them.');
    } else if (change.type === 'escalated') {
      announce('The priority of this conversation is now ' + change.priority + '. Reload the page to see why.');
    }
  }

  // ---- emergencies: the banner and the page title on every page with the feed, and an optional sound

  const banner = document.getElementById('emergency-banner');
  // "Error: " stays first, as the page put it; the mark goes after it
  const TITLE_MARK = 'Emergency waiting – ';
  const ERROR_MARK = 'Error: ';
  const errorTitle = document.title.startsWith(ERROR_MARK);
  const untitled = errorTitle ? document.title.slice(ERROR_MARK.length) : document.title;
  const baseTitle = untitled.startsWith(TITLE_MARK) ? untitled.slice(TITLE_MARK.length) : untitled;
  const soundBox = document.getElementById('emergency-sound');
  if (soundBox) {
    document.getElementById('sound-choice').hidden = false;
    soundBox.checked = localStorage.getItem('waymark.emergency-sound') === 'on';
    soundBox.addEventListener('change', () => {
      localStorage.setItem('waymark.emergency-sound', soundBox.checked ? 'on' : 'off');
    });
  }

  function showEmergencies(n) {
    document.title = (errorTitle ? ERROR_MARK : '') + (n > 0 ? TITLE_MARK : '') + baseTitle;
    if (!banner) {
      return;
    }
    banner.dataset.emergencies = String(n);
    banner.hidden = n === 0;
    const words = document.getElementById('emergency-words');
    if (words) {
      words.textContent = n === 1 ? 'An emergency is waiting for a link worker.'
        : n + ' emergencies are waiting for a link worker.';
    }
  }

  async function refreshEmergencies() {
    if (!banner || !banner.dataset.countUrl) {
      return;
    }
    try {
      const res = await fetch(banner.dataset.countUrl, {credentials: 'same-origin',
        headers: {Accept: 'application/json'}});
      if (res.ok && !res.redirected) {
        showEmergencies(Number((await res.json()).waiting) || 0);
      }
    } catch (e) {
      // the next change will try again
    }
  }

  function beep() {
    main.dataset.sounded = String(Number(main.dataset.sounded || 0) + 1);
    const Audio = window.AudioContext || window.webkitAudioContext;
    if (!Audio) {
      return;
    }
    try {
      const ctx = new Audio();
      [0, 0.35].forEach((at) => {
        const tone = ctx.createOscillator();
        const gain = ctx.createGain();
        tone.frequency.value = 880;
        gain.gain.value = 0.2;
        tone.connect(gain).connect(ctx.destination);
        tone.start(ctx.currentTime + at);
        tone.stop(ctx.currentTime + at + 0.25);
      });
    } catch (e) {
      // no sound allowed yet (the page has not been clicked): the banner and title still show
    }
  }

  // A reply's state may have moved on between the page being rendered and the feed opening: read it again.
  async function refreshDeliveries() {
    const pending = [...document.querySelectorAll('#thread .wm-delivery')]
      .some((t) => t.dataset.delivery === 'queued' || t.dataset.delivery === 'sending');
    if (!pending || !main.dataset.case) {
      return;
    }
    try {
      const res = await fetch(main.dataset.case, {credentials: 'same-origin', headers: {Accept: 'application/json'}});
      if (res.ok && !res.redirected) {
        ((await res.json()).thread || []).filter((m) => m.from === 'worker' && m.delivery).forEach((m) => {
          const item = document.querySelector('#thread [data-message-id="' + CSS.escape(String(m.id)) + '"]');
          const tag = item && item.querySelector('.wm-delivery');
          if (tag && tag.dataset.delivery !== m.delivery) {
            showDelivery({messageId: m.id, state: m.delivery});
          }
        });
      }
    } catch (e) {
      // the next change brings it
    }
  }

  const COUNTED = ['opened', 'escalated', 'claimed', 'assigned', 'released', 'reopened', 'closed', 'erased'];

  // ---- the live feed

  function stopped() {
    if (liveState) {
      liveState.hidden = false;
      liveState.textContent = 'Live updates have stopped. Reload the page to see the latest.';
    }
  }

  function onChange(change) {
    if (COUNTED.includes(change.type)) {
      refreshEmergencies();
    }
    if ((change.type === 'opened' || change.type === 'escalated') && change.priority === 'emergency'
      && soundBox && soundBox.checked) {
      beep();
    }
    if (page === 'queue') {
      refreshQueue();
      if (change.type === 'opened') {
        announce(change.priority === 'routine' ? 'A patient is waiting.'
          : 'A patient is waiting with ' + change.priority + ' priority.');
      }
    } else if (page === 'conversation' && change.handoffId === main.dataset.handoffId) {
      if (change.type === 'message' || change.type === 'note') {
        appendMessage(change.message);
      } else if (change.type === 'delivery') {
        showDelivery(change.delivery);
      } else {
        followStatus(change);
      }
    }
  }

  if (window.EventSource && main.dataset.events) {
    const source = new EventSource(main.dataset.events);
    source.addEventListener('change', (ev) => {
      try {
        onChange(JSON.parse(ev.data));
      } catch (e) {
        // a malformed update is dropped; the page itself is still right as of its last load
      }
    });
    let opened = false;
    source.addEventListener('open', () => {
      if (opened && page === 'queue') {
        refreshQueue(); // changes made while the feed was down
      }
      if (page === 'conversation') {
        refreshDeliveries();
      }
      refreshEmergencies();
      opened = true;
      if (liveState) {
        liveState.hidden = true;
        liveState.textContent = '';
      }
      main.dataset.live = 'open';
    });
    source.addEventListener('error', () => {
      main.dataset.live = source.readyState === EventSource.CLOSED ? 'closed' : 'connecting';
      if (source.readyState === EventSource.CLOSED) {
        stopped();
      }
    });
  }

  // ---- saved replies: a click puts the words in the reply box, where the worker can change them before sending

  document.querySelectorAll('a[data-canned-text]').forEach((link) => {
    link.addEventListener('click', (ev) => {
      const box = document.getElementById('reply-text');
      if (!box) {
        return; // no reply box on this page: the link loads the page with the words in it
      }
      ev.preventDefault();
      const words = link.dataset.cannedText;
      // after what is there already, so nothing the worker wrote is lost
      const before = box.value;
      const gap = before && !/\s$/.test(before) ? ' ' : '';
      box.value = before + gap + words;
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
      announce('Saved reply inserted. Change it if you need to, then send.');
    });
  });

  const thread = document.getElementById('thread');
  if (thread) {
    thread.scrollTop = thread.scrollHeight; // the latest messages first in view
  }
  tick();
  window.setInterval(tick, 15000);
})();
