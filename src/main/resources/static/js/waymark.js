// Small progressive enhancements shared by Waymark's pages (no inline scripts: the CSP forbids them).
(() => {
  'use strict';
  // An error summary takes focus so screen reader users hear what went wrong first.
  const summary = document.querySelector('.wm-error-summary');
  if (summary) {
    summary.focus();
  }
  // Links inside an error summary move focus to their field, not just scroll to it.
  document.addEventListener('click', (ev) => {
    const link = ev.target.closest('.wm-error-summary a[href^="#"]');
    const field = link && document.getElementById(link.getAttribute('href').slice(1));
    if (field) {
      ev.preventDefault();
      field.focus();
    }
  });
  // A retrain under way (the models page): ask every two seconds whether it is done, then show the gate's answer.
  const training = document.querySelector('[data-training-version]');
  if (training) {
    const url = '/api/admin/models/' + encodeURIComponent(training.dataset.trainingVersion);
    const poll = () => fetch(url, {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then((r) => r.ok ? r.json() : null)
      .then((v) => (v && v.status !== 'training') ? window.location.reload() : setTimeout(poll, 2000))
      .catch(() => setTimeout(poll, 5000));
    setTimeout(poll, 2000);
  }
})();
