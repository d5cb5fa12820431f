// The login form posts the CSRF token the hub set in the XSRF-TOKEN cookie when it served this page.
(function () {
  'use strict';
  var match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
  document.getElementById('csrf').value = match ? decodeURIComponent(match[1]) : '';
  var query = new URLSearchParams(location.search);
  document.getElementById('login-error').hidden = !query.has('error');
  document.getElementById('login-out').hidden = !query.has('logout');
})();
