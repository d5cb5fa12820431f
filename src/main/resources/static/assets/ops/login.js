// The login form posts the CSRF token the hub set in the XSRF-TOKEN cookie when it served this page.
(function () {
  'use strict';
  var match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
  document.getElementById('csrf').value = match ? decodeURIComponent(match[1]) : '';
  // a link to a console page (an alert's "its page in the ops console") leads there once signed in: the hub's
  // redirect after sign-in names no fragment, so the browser carries over the one the form was posted to
  if (location.hash.indexOf('#/') === 0) {
    var form = document.getElementById('login-form');
    form.setAttribute('action', form.getAttribute('action').split('#')[0] + location.hash);
  }
  var query = new URLSearchParams(location.search);
  document.getElementById('login-error').hidden = !query.has('error');
  document.getElementById('login-out').hidden = !query.has('logout');
  // too many wrong passwords from here: the hub says how many seconds the next try must wait
  var locked = parseInt(query.get('locked'), 10);
  if (locked > 0) {
    var minutes = Math.ceil(locked / 60);
    var notice = document.getElementById('login-locked');
    notice.textContent = 'Too many failed sign-ins. Try again in ' + (locked < 60 ? locked + ' seconds.'
      : 'about ' + minutes + (minutes === 1 ? ' minute.' : ' minutes.'));
    notice.hidden = false;
  }
})();
