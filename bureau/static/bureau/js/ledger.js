// Small page behaviours without inline script: the Content-Security-Policy allows only our own files.
"use strict";

// <form data-confirm="…">: ask before submitting (deleting, finalising).
document.addEventListener("submit", (event) => {
  const message = event.target.dataset ? event.target.dataset.confirm : undefined;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
