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
})();
