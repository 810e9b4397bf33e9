// Phone simulator: posts texts through the same inbound path as Twilio's webhook and polls the phone's thread.
(function () {
  'use strict';
  var csrfToken = document.querySelector('meta[name="_csrf"]').getAttribute('content');
  var csrfHeader = document.querySelector('meta[name="_csrf_header"]').getAttribute('content');
  var number = document.getElementById('number');
  var practice = document.getElementById('practice');
  var thread = document.getElementById('thread');
  var compose = document.getElementById('compose');
  var text = document.getElementById('text');
  var status = document.getElementById('status');
  var shown = -1;

  function render(lines) {
    if (lines.length === shown) { return; }
    shown = lines.length;
    thread.textContent = '';
    lines.forEach(function (line) {
      var li = document.createElement('li');
      li.className = line.from;
      li.textContent = line.text;
      var meta = document.createElement('span');
      meta.className = 'meta';
      var who = line.from === 'patient' ? 'You' : line.from === 'bot' ? 'Reply' : 'Sent later';
      meta.textContent = who + ' \u00b7 ' + new Date(line.at).toLocaleTimeString();
      li.appendChild(meta);
      thread.appendChild(li);
    });
    thread.scrollTop = thread.scrollHeight;
  }

  function poll() {
    var n = number.value.trim();
    if (!/^\+[1-9][0-9]{6,14}$/.test(n)) { return; }
    fetch('/simulator/api/sms?number=' + encodeURIComponent(n), { headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(render)
      .catch(function () { /* next poll tries again */ });
  }

  compose.addEventListener('submit', function (e) {
    e.preventDefault();
    var body = text.value;
    if (!body.trim()) { return; }
    status.textContent = '';
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    headers[csrfHeader] = csrfToken;
    fetch('/simulator/api/sms', {
      method: 'POST', headers: headers,
      body: JSON.stringify({ from: number.value.trim(), to: practice.value, text: body })
    }).then(function (r) {
      return r.json().then(function (json) {
        if (!r.ok) { throw new Error(json.detail || ('HTTP ' + r.status)); }
        text.value = '';
        render(json);
      });
    }).catch(function (err) { status.textContent = 'Not sent: ' + err.message; });
  });

  text.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); compose.requestSubmit(); }
  });
  number.addEventListener('change', function () { shown = -1; poll(); });
  poll();
  setInterval(poll, 2000);
}());
