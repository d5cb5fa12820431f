// The ops console (API.md §10): one page, routed by the URL's hash, over the hub's own /ops/api and /api/v1.
// Everything shown is built as DOM nodes with textContent, never as HTML, so nothing a message carries can run here.
(function () {
  'use strict';

  var view = document.getElementById('view');
  var flashBox = document.getElementById('flash');
  var me = { name: '', roles: [], can_write: false };
  var timer = null;
  var lastDepths = null;

  // ---- small helpers -------------------------------------------------------------------------------------------

  function h(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key.indexOf('on') === 0) node.addEventListener(key.substring(2), value);
      else if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value === true ? '' : value);
    });
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { append(node, c); });
    else node.appendChild(child.nodeType ? child : document.createTextNode(String(child)));
  }

  /** Puts a page into the view; absent parts (null) are skipped, as h() skips them. */
  function show() {
    view.replaceChildren();
    for (var i = 0; i < arguments.length; i++) append(view, arguments[i]);
  }

  function svg(tag, attrs) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    for (var i = 2; i < arguments.length; i++) if (arguments[i]) node.appendChild(arguments[i]);
    return node;
  }

  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function problemText(data, status) {
    if (!data) return 'HTTP ' + status;
    var text = data.detail || data.title || ('HTTP ' + status);
    if (Array.isArray(data.errors) && data.errors.length) {
      text += ': ' + data.errors.map(function (e) { return e.field + ' ' + e.message; }).join('; ');
    }
    return text;
  }

  // the same key on a write sent again makes the hub answer with what the first did instead of doing it twice
  function idempotencyKey() {
    return 'console-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
  }

  function api(method, path, body, key) {
    var headers = { Accept: 'application/json' };
    if (method !== 'GET') headers['X-XSRF-TOKEN'] = csrf();
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (key) headers['Idempotency-Key'] = key;
    return fetch(path, {
      method: method, headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).catch(function (error) {
      // the request may have been done and only its answer lost; a keyed one sent again is not done twice
      throw new Error('No answer from the hub (' + error.message + ')'
        + (key ? ': sending it again is safe, it will not be done twice.' : '.'));
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (ignored) { data = null; }
        if (response.status === 401) {
          location.href = '/ops/login';
        }
        if (!response.ok) {
          var error = new Error(problemText(data, response.status));
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  function flash(text, kind) {
    flashBox.textContent = text;
    flashBox.className = 'notice' + (kind ? ' ' + kind : '');
    flashBox.hidden = !text;
  }

  function fail(error) {
    var message = error.message || String(error);
    flash(message, 'error');
    // what never loaded says why where it would have been, rather than "Loading…" for ever
    view.querySelectorAll('p.loading').forEach(function (p) {
      p.textContent = message;
    });
  }

  function loading() {
    return h('p', { class: 'muted loading', text: 'Loading…' });
  }

  function when(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    return isNaN(d) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  }

  function query(params) {
    var q = new URLSearchParams();
    Object.keys(params).forEach(function (k) {
      if (params[k] !== null && params[k] !== undefined && params[k] !== '') q.set(k, params[k]);
    });
    var s = q.toString();
    return s ? '?' + s : '';
  }

  // "1 reply", "2 replies": the one noun of a count, said once for every card, pager and flash
  function plural(n, one, many) {
    return n === 1 ? one : many;
  }

  /**
   * Steps through a list a page at a time. The page number rides in the hash beside the list's own filters, so a
   * page can be reloaded or shared; {@code back} and {@code forward} name the directions in the list's own order.
   * {@code noun} follows the total: one word for every count, or {@code [one, many]}.
   */
  function pager(path, filters, page, size, total, noun, back, forward) {
    var from = Math.min(total, page * size + 1);
    var to = Math.min(total, (page + 1) * size);
    var link = function (target, on, label) {
      return h('a', { class: 'button' + (on ? '' : ' off'), href: path + query(Object.assign({}, filters, { page: target > 0 ? target : null })), text: label });
    };
    return h('div', { class: 'pager' },
      link(page - 1, page > 0, back || '‹ Newer'),
      h('span', { class: 'muted', text: (total ? from + '–' + to + ' of ' : '') + total + ' '
        + (Array.isArray(noun) ? plural(total, noun[0], noun[1]) : noun) }),
      link(page + 1, (page + 1) * size < total, forward || 'Older ›'));
  }

  function writeButton(label, attrs, onclick) {
    attrs = attrs || {};
    attrs.type = 'button';
    attrs.text = label;
    if (me.can_write) attrs.onclick = onclick;
    else {
      attrs.disabled = true;
      attrs.title = 'Your role (' + me.roles.join(', ') + ') may read but not change anything';
    }
    return h('button', attrs);
  }

  function table(headings, rows, empty) {
    if (!rows.length) return h('p', { class: 'muted', text: empty || 'Nothing here.' });
    return h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, headings.map(function (t) {
        // a heading marked '~' goes with cells of class wide: hidden on a phone
        return h('th', { text: t.replace(/^~/, ''), class: t.charAt(0) === '~' ? 'wide' : null });
      }))),
      h('tbody', {}, rows)));
  }

  function badge(status) {
    return h('span', { class: 'badge s-' + status, text: status });
  }

  function definitions(pairs) {
    return h('dl', { class: 'facts' }, pairs.filter(function (p) { return p[1] !== null && p[1] !== undefined && p[1] !== ''; })
      .map(function (p) { return [h('dt', { text: p[0] }), h('dd', {}, p[1])]; }));
  }

  function every(ms, work) {
    stop();
    var tick = function () {
      if (!document.hidden) work();
    };
    timer = setInterval(tick, ms);
  }

  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
  }

  // ---- overview ------------------------------------------------------------------------------------------------

  var STATUS_GROUPS = [
    { name: 'sent or better', cls: 'g-ok', statuses: ['sent', 'delivered', 'read', 'opened', 'clicked'] },
    { name: 'on the way', cls: 'g-wait', statuses: ['queued', 'sending'] },
    { name: 'failed or parked', cls: 'g-bad', statuses: ['failed', 'undelivered', 'bounced', 'parked'] },
    { name: 'blocked or cancelled', cls: 'g-off', statuses: ['blocked', 'cancelled'] }
  ];

  function chart(overview) {
    var hours = [];
    var start = new Date(overview.at);
    start.setUTCMinutes(0, 0, 0);
    for (var i = 23; i >= 0; i--) hours.push(new Date(start.getTime() - i * 3600000).toISOString());
    var counts = {};
    overview.notifications.forEach(function (c) {
      var key = new Date(c.hour).toISOString();
      counts[key] = counts[key] || {};
      counts[key][c.status] = c.count;
    });
    var max = 1;
    hours.forEach(function (hour) {
      var total = 0;
      Object.keys(counts[hour] || {}).forEach(function (s) { total += counts[hour][s]; });
      max = Math.max(max, total);
    });
    var width = 480, height = 160, bar = width / 24;
    // bars stretch to any width; the hour labels are HTML below, so their text never scales
    var plot = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, preserveAspectRatio: 'none', class: 'chart', role: 'img',
      'aria-label': 'Notifications per hour over the last 24 hours, by status' });
    var axis = h('div', { class: 'axis' });
    hours.forEach(function (hour, index) {
      var y = height;
      STATUS_GROUPS.forEach(function (group) {
        var n = 0;
        group.statuses.forEach(function (s) { n += (counts[hour] || {})[s] || 0; });
        if (!n) return;
        var bh = Math.max(1, n / max * (height - 4));
        y -= bh;
        var rect = svg('rect', { x: index * bar + 1, y: y, width: bar - 2, height: bh, class: group.cls });
        rect.appendChild(svg('title'));
        rect.firstChild.textContent = hour.substring(11, 16) + 'Z · ' + group.name + ': ' + n;
        plot.appendChild(rect);
      });
      if (index % 6 === 0) axis.appendChild(h('span', { text: hour.substring(11, 16) }));
    });
    var legend = h('ul', { class: 'legend' }, STATUS_GROUPS.map(function (g) {
      return h('li', {}, h('span', { class: 'swatch ' + g.cls }), g.name);
    }));
    return h('figure', { class: 'chart-box' }, plot, axis, h('figcaption', {}, 'Notifications per hour (UTC), peak ' + max), legend);
  }

  /**
   * The queues with their rates: in and out per second as the broker samples them, or, where the broker has no
   * management plugin, only the change in depth between two refreshes of this page (the note says why).
   */
  function queueTable(queues) {
    var now = Date.now();
    var broker = !queues.rates_unavailable;
    var perSecond = function (n) { return n === null || n === undefined ? '' : n.toFixed(1); };
    var rows = queues.items.filter(function (q) {
      return (q.messages || 0) > 0 || !/\.(retry\.\d+|parked)$/.test(q.name);
    }).map(function (q) {
      var rates;
      if (broker) {
        rates = [h('td', { class: 'num', text: perSecond(q.in_per_second) }), h('td', { class: 'num', text: perSecond(q.out_per_second) })];
      } else {
        var change = '';
        if (lastDepths && lastDepths.depths[q.name] !== undefined && q.messages !== null) {
          var delta = (q.messages - lastDepths.depths[q.name]) / ((now - lastDepths.at) / 1000);
          change = (delta > 0 ? '+' : '') + delta.toFixed(1);
        }
        rates = [h('td', { class: 'num', text: change })];
      }
      return h('tr', { 'data-queue': q.name }, [h('td', { text: q.name }), h('td', { class: 'num', text: q.messages === null ? 'missing' : q.messages }),
        h('td', { class: 'num', text: q.consumers === null ? '' : q.consumers })].concat(rates));
    });
    var depths = {};
    queues.items.forEach(function (q) { depths[q.name] = q.messages; });
    lastDepths = { at: now, depths: depths };
    return h('div', { id: 'queues' },
      table(['Queue', 'Messages', 'Consumers'].concat(broker ? ['In /s', 'Out /s'] : ['Change /s']), rows, 'No queues.'),
      broker ? null : h('p', { class: 'muted', id: 'rates-note', text: 'No in and out rates: ' + queues.rates_unavailable + '.' }));
  }

  // an open circuit parks nothing: without this its pushes would show only as a queue with no consumer
  function downstreamNotice(d) {
    var waits = d.waiting + ' ' + plural(d.waiting, 'push waits', 'pushes wait') + ' in q.outbound.' + d.destination
      + (d.oldest ? ', the oldest since ' + when(d.oldest) : '');
    var text = d.why === 'off'
      ? d.detail + ': ' + waits + '. They go once it is set.'
      : d.destination + (d.why === 'trial' ? ' is being tried: one push is finding out whether it answers again'
        : ' is not answering' + (d.since ? ' (since ' + when(d.since) + ')' : ''))
        + (d.detail ? '; the last push got: ' + d.detail : '') + '. ' + waits
        + '. Nothing is parked: they go by themselves once it answers (a push tries every ' + d.trial_every + ' s).';
    // off is a setting (a laptop has no vendor system), not an outage: said, not in red
    return h('p', { class: 'notice downstream' + (d.why === 'off' ? '' : ' error'), id: 'downstream-' + d.destination, text: text });
  }

  function overviewPage() {
    var box = h('div', { id: 'overview' }, loading());
    show(h('h1', { text: 'Overview' }), box);
    var load = function () {
      return Promise.all([api('GET', '/ops/api/overview'), api('GET', '/ops/api/queues')]).then(function (answers) {
        var overview = answers[0];
        var groups = overview.groups.map(function (g) {
          return h('tr', {},
            h('td', { class: 'num' }, h('a', { href: '#/dead-letters' + query({ queue: g.queue, reason: g.reason }), text: g.count })),
            h('td', { text: g.queue }), h('td', { class: 'reason', text: g.reason }), h('td', { class: 'wide', text: when(g.latest) }));
        });
        box.replaceChildren(
          h('div', { id: 'downstream' }, overview.downstream.map(downstreamNotice)),
          h('div', { class: 'cards' },
            h('a', { class: 'card' + (overview.parked ? ' alert' : ''), href: '#/dead-letters' },
              h('strong', { text: overview.parked }), h('span', { text: 'parked now' })),
            // of those parked now: one replayed since is no longer counted, so the words say so
            h('div', { class: 'card', id: 'parked-hour-card' }, h('strong', { text: overview.parked_last_hour }),
              h('span', { text: 'of them parked in the last hour' })),
            h('div', { class: 'card' }, h('strong', { text: overview.created_last_hour }),
              h('span', { text: plural(overview.created_last_hour, 'notification', 'notifications') + ' in the last hour' })),
            h('a', { class: 'card' + (overview.callbacks_set_aside ? ' alert' : ''), href: '#/callbacks', id: 'callbacks-card' },
              h('strong', { text: overview.callbacks_set_aside }),
              h('span', { text: plural(overview.callbacks_set_aside, 'status callback', 'status callbacks') + ' set aside' })),
            // due sends are handed over every few seconds; minutes late means nothing is handing them over
            h('a', { class: 'card' + (overview.scheduled_overdue_seconds > 120 ? ' alert' : ''), href: '#/scheduled', id: 'overdue-card' },
              h('strong', { text: overview.scheduled_overdue_seconds + ' s' }), h('span', { text: 'the oldest due timed send has waited' })),
            h('a', { class: 'card', href: '#/replies', id: 'replies-card' },
              h('strong', { text: overview.replies_waiting }),
              h('span', { text: plural(overview.replies_waiting, 'customer reply', 'customer replies') + ' waiting for us' })),
            // each went to ops as lead_unassigned; it goes to the first agent free, or is assigned by hand
            h('a', { class: 'card' + (overview.leads_waiting ? ' alert' : ''), href: '#/leads?waiting=1', id: 'leads-card' },
              h('strong', { text: overview.leads_waiting }),
              h('span', { text: plural(overview.leads_waiting, 'lead', 'leads') + ' waiting for an agent' }))),
          chart(overview),
          h('h2', { text: 'Parked, by queue and reason' }),
          table(['Count', 'Queue', 'Reason', '~Latest'], groups, 'Nothing is parked.'),
          h('h2', { text: 'Queues' }),
          queueTable(answers[1]));
      }).catch(fail);
    };
    load();
    every(5000, load);
  }

  // ---- dead letters --------------------------------------------------------------------------------------------

  function deadLettersPage(params) {
    var filter = {
      queue: params.get('queue') || '', reason: params.get('reason') || '',
      status: params.has('status') ? params.get('status') : 'parked',
      since: params.get('since') || '', until: params.get('until') || ''
    };
    var page = parseInt(params.get('page') || '0', 10) || 0;
    var size = 25;
    var field = function (name, label, attrs) {
      attrs = attrs || {};
      attrs.id = 'f-' + name;
      attrs.name = name;
      attrs.value = filter[name];
      return h('label', {}, label, h('input', attrs));
    };
    var statusSelect = h('select', { id: 'f-status', name: 'status' }, ['parked', 'replayed', 'discarded', ''].map(function (s) {
      return h('option', { value: s, selected: s === filter.status, text: s || 'any' });
    }));
    var form = h('form', { class: 'filters', onsubmit: function (e) {
      e.preventDefault();
      var data = new FormData(form);
      location.hash = '#/dead-letters' + query({ queue: data.get('queue'), reason: data.get('reason'),
        status: data.get('status') === 'parked' ? '' : (data.get('status') || 'any'),
        since: data.get('since'), until: data.get('until') });
    } },
      field('queue', 'Queue', { placeholder: 'q.deliver.sms', list: 'queue-names' }),
      field('reason', 'Reason contains', { placeholder: 'retries exhausted' }),
      h('label', {}, 'Status', statusSelect),
      field('since', 'Since', { placeholder: '2026-12-01T00:00:00Z' }),
      field('until', 'Until', { placeholder: '2026-12-02T00:00:00Z' }),
      h('button', { type: 'submit', class: 'primary', text: 'Filter' }));
    var status = filter.status === 'any' ? '' : filter.status;
    var list = h('div', { id: 'dead-letter-list' }, loading());
    var updated = h('span', { class: 'muted live', id: 'updated' });
    var bulkReplay = writeButton('Replay all matching…', { id: 'bulk-replay' }, function () { bulk('replay'); });
    var bulkDiscard = writeButton('Discard all matching…', { id: 'bulk-discard', class: 'danger' }, function () { bulk('discard'); });
    if (status !== 'parked') {
      bulkReplay.disabled = true; // only parked messages can be replayed or discarded
      bulkDiscard.disabled = true;
    }
    var bulkBox = h('div', { id: 'bulk-box' });
    show(h('h1', { text: 'Dead letters' }), form, h('div', { class: 'toolbar' }, bulkReplay, bulkDiscard, updated), bulkBox, list);

    // the dry run first: how many the filter takes, then the confirmation (a discard with its reason)
    function bulk(action) {
      var path = '/ops/api/dead-letters/' + action;
      var discard = action === 'discard';
      api('POST', path, { filter: bulkFilter(filter), dry_run: true }).then(function (answer) {
        if (!answer.matched) {
          bulkBox.replaceChildren(h('p', { class: 'notice', text: 'No parked message matches this filter.' }));
          return;
        }
        var reason = discard ? h('input', { id: 'bulk-reason', placeholder: 'why (required)', maxlength: 1000 }) : null;
        var go = h('button', { type: 'button', class: 'danger', id: 'bulk-confirm', text: (discard ? 'Discard ' : 'Replay ') + answer.matched });
        var cancel = h('button', { type: 'button', text: 'Cancel', onclick: function () { bulkBox.replaceChildren(); } });
        go.addEventListener('click', function () {
          var body = { filter: bulkFilter(filter), dry_run: false };
          if (discard) {
            if (!reason.value.trim()) { flash('A discard needs its reason.', 'error'); reason.focus(); return; }
            body.reason = reason.value;
          }
          go.disabled = true;
          api('POST', path, body).then(function (done) {
            var text = (discard ? 'Discarded ' + done.discarded : 'Replayed ' + done.replayed) + '.';
            if (done.refused.length) text += ' Refused ' + done.refused.length + ' (still parked): ' +
              done.refused.slice(0, 5).map(function (r) { return '#' + r.id + ' ' + r.reason; }).join('; ');
            if (done.remaining) text += ' ' + done.remaining + ' still match; run it again for the next batch.';
            bulkBox.replaceChildren();
            flash(text, done.refused.length ? 'error' : 'ok');
            refresh();
          }).catch(function (e) { go.disabled = false; fail(e); });
        });
        var count = answer.matched + plural(answer.matched, ' parked message matches. ', ' parked messages match. ');
        bulkBox.replaceChildren(h('div', { class: 'notice confirm', id: 'bulk-dry-run' },
          h('span', { text: 'Dry run: ' + count + (discard ? 'Discard them all? Nobody will receive them, and each keeps the reason.' : 'Replay them all?') }),
          reason, go, cancel));
        if (reason) reason.focus();
      }).catch(fail);
    }

    function refresh() {
      return api('GET', '/ops/api/dead-letters' + query({ queue: filter.queue, reason: filter.reason, status: status,
        since: filter.since, until: filter.until, page: page, size: size })).then(function (answer) {
        var rows = answer.items.map(function (d) {
          return h('tr', { class: 'clickable', 'data-id': d.id, onclick: function () { location.hash = '#/dead-letters/' + d.id; } },
            h('td', {}, h('a', { href: '#/dead-letters/' + d.id, text: '#' + d.id })),
            h('td', { class: 'wide', text: when(d.parked_at) }),
            h('td', { text: d.queue }),
            h('td', { class: 'reason', text: d.reason }),
            h('td', { text: d.provider_code || '' }),
            h('td', { class: 'num wide', text: d.attempts === null ? '' : d.attempts }),
            h('td', {}, badge(d.status)));
        });
        list.replaceChildren(table(['ID', '~Parked', 'Queue', 'Reason', 'Code', '~Attempts', 'Status'], rows,
          'No dead letters match.'), pager('#/dead-letters', hashFilter(), page, size, answer.total, ['dead letter', 'dead letters']));
        // in UTC, as every time on the page is
        updated.textContent = 'live · updated ' + when(new Date().toISOString()).slice(11);
      }).catch(fail);
    }

    function hashFilter() {
      return { queue: filter.queue, reason: filter.reason, status: params.get('status'), since: filter.since, until: filter.until };
    }

    refresh();
    every(1000, refresh); // a new failure shows within a second or two
  }

  function bulkFilter(f) {
    var out = {};
    ['queue', 'reason', 'since', 'until'].forEach(function (k) { if (f[k]) out[k] = f[k]; });
    return out;
  }

  function prettyBody(letter) {
    if (letter.body === null) return null;
    try { return JSON.stringify(JSON.parse(letter.body), null, 2); } catch (notJson) { return letter.body; }
  }

  function deadLetterPage(id) {
    show(loading());
    api('GET', '/ops/api/dead-letters/' + encodeURIComponent(id)).then(function (d) {
      var headers = d.headers || {};
      var notificationId = headers.hub_notification_id;
      var original = prettyBody(d);
      var parked = d.status === 'parked';
      var editor = h('textarea', { id: 'body-editor', spellcheck: 'false', rows: 16, readonly: !(parked && me.can_write) || undefined });
      editor.value = original === null ? '' : original;
      var check = h('p', { id: 'body-check', class: 'muted' });
      var json = /json/.test(d.content_type || 'application/json');
      var replayEdited = writeButton('Replay edited', { id: 'replay-edited', class: 'primary' }, function () {
        replay({ body: editor.value });
      });
      var validate = function () {
        var changed = editor.value !== (original === null ? '' : original);
        var ok = true;
        if (json) {
          try { JSON.parse(editor.value); check.textContent = changed ? 'Valid JSON, edited.' : 'Valid JSON.'; check.className = 'muted'; }
          catch (e) { ok = false; check.textContent = 'Not valid JSON: ' + e.message; check.className = 'error-text'; }
        }
        replayEdited.disabled = !(me.can_write && parked && changed && ok);
      };
      editor.addEventListener('input', validate);

      function replay(body) {
        api('POST', '/ops/api/dead-letters/' + d.id + '/replay', body).then(function () {
          flash('Dead letter #' + d.id + ' replayed.', 'ok');
          deadLetterPage(id);
        }).catch(fail);
      }

      var discardReason = h('input', { id: 'discard-reason', placeholder: 'why (required)', maxlength: 1000 });
      var actions = parked ? h('div', { class: 'actions' },
        writeButton('Replay as it was', { id: 'replay', class: 'primary' }, function () { replay(); }),
        replayEdited,
        h('span', { class: 'discard' }, discardReason, writeButton('Discard', { id: 'discard', class: 'danger' }, function () {
          if (!discardReason.value.trim()) { flash('A discard needs its reason.', 'error'); discardReason.focus(); return; }
          api('POST', '/ops/api/dead-letters/' + d.id + '/discard', { reason: discardReason.value }).then(function () {
            flash('Dead letter #' + d.id + ' discarded.', 'ok');
            deadLetterPage(id);
          }).catch(fail);
        }))) : h('p', { class: 'muted', text: 'This dead letter was ' + d.status + '; see its history below.' });
      if (!me.can_write) discardReason.disabled = true;

      var headerRows = Object.keys(headers).sort().map(function (name) {
        var value = headers[name];
        return h('tr', {}, h('td', { text: name }), h('td', { class: 'mono', text: typeof value === 'object' ? JSON.stringify(value) : String(value) }));
      });
      var history = (d.history || []).map(function (entry) {
        return h('li', {}, h('strong', { text: entry.action }), ' by ', entry.by || '?', ' at ', when(entry.at),
          entry.note ? h('div', { class: 'muted', text: entry.note }) : null,
          entry.diff ? h('ul', { class: 'diff' }, entry.diff.map(function (c) {
            return h('li', { class: 'mono', text: c.path + ': ' + c.before + ' → ' + c.after });
          })) : null);
      });
      show(
        h('p', {}, h('a', { href: '#/dead-letters', text: '‹ Dead letters' })),
        h('h1', {}, 'Dead letter #' + d.id + ' ', badge(d.status)),
        definitions([
          ['Reason', h('span', { id: 'reason', class: 'reason', text: d.reason })],
          ['Provider code', d.provider_code ? h('span', { id: 'provider-code', class: 'mono', text: d.provider_code }) : null],
          ['Kind', d.kind], ['Attempts', d.attempts === null ? null : String(d.attempts)],
          ['First failure', when(d.first_failure)], ['Last failure', when(d.last_failure)], ['Parked', when(d.parked_at)],
          ['Queue', d.queue], ['Parked from', d.parked_queue],
          ['Published to', d.original_exchange ? d.original_exchange + ' / ' + d.original_routing_key : null],
          ['Message id', d.message_id],
          ['Event', headers.hub_event_id ? h('a', { href: '#/notifications' + query({ q: headers.hub_event_id }), text: headers.hub_event_id }) : null],
          ['Notification', notificationId ? h('a', { id: 'notification-link', href: '#/notifications/' + encodeURIComponent(notificationId), text: notificationId }) : null]
        ]),
        actions,
        h('h2', { text: 'Body' + (d.content_type ? ' (' + d.content_type + ')' : '') }),
        original === null ? h('p', { class: 'muted', text: 'Not text: ' + (d.body_base64 || '').length + ' characters of base64.' }) : null,
        editor, check,
        h('h2', { text: 'Headers' }),
        table(['Name', 'Value'], headerRows, 'No headers.'),
        h('h2', { text: 'History' }),
        history.length ? h('ol', { class: 'history', id: 'history' }, history) : h('p', { class: 'muted', text: 'Never replayed or discarded.' }));
      validate();
    }).catch(fail);
  }

  // ---- notifications -------------------------------------------------------------------------------------------

  function lookupParams(q) {
    if (!q) return {};
    if (/^ntf_/.test(q)) return { id: q };
    if (/@/.test(q) || /^\+?[\d\s().-]{7,}$/.test(q)) return { recipient: q };
    return { event_id: q };
  }

  // Whom a notification is for: the name, and the address of the channel it went by (before one is chosen, that of the
  // first it will try)
  function recipientCell(to, channel) {
    to = to || {};
    var address = channel === 'email' ? to.email || to.phone : to.phone || to.email;
    return h('td', { class: 'to', text: [to.name, address].filter(Boolean).join(' · ') });
  }

  var NOTIFICATION_HEADINGS = ['ID', '~Created', 'To', 'Template', 'Channel', 'Status'];

  function notificationRows(items) {
    return items.map(function (n) {
      return h('tr', { class: 'clickable', onclick: function () { location.hash = '#/notifications/' + n.id; } },
        h('td', {}, h('a', { href: '#/notifications/' + n.id, text: n.id })),
        h('td', { class: 'wide', text: when(n.created_at) }),
        recipientCell(n.to, n.channel || (n.channels || [])[0]),
        h('td', { text: n.template }),
        h('td', { text: n.channel || (n.channels || []).join(', ') }),
        h('td', {}, badge(n.status)));
    });
  }

  function notificationsPage(params) {
    var q = params.get('q') || '';
    var input = h('input', { id: 'lookup', name: 'q', value: q, placeholder: 'ntf_…, +1 555 …, ana@example.com or an event id' });
    var results = h('div', { id: 'lookup-results' });
    show(h('h1', { text: 'Notifications' }),
      h('form', { class: 'filters', onsubmit: function (e) {
        e.preventDefault();
        var value = input.value.trim();
        if (/^ntf_/.test(value)) location.hash = '#/notifications/' + encodeURIComponent(value);
        else location.hash = '#/notifications' + query({ q: value });
      } }, h('label', { class: 'grow' }, 'Find by id, recipient or event', input), h('button', { type: 'submit', class: 'primary', text: 'Find' })),
      results);
    var look = lookupParams(q);
    if (!q) {
      results.replaceChildren(h('p', { class: 'muted', text: 'Latest notifications:' }));
    }
    // an event id: first what became of the event, which says why it made no notification when it made none
    var events = look.event_id ? api('GET', '/api/v1/events' + query({ id: look.event_id, size: 10 })) : Promise.resolve(null);
    var pushes = look.event_id ? api('GET', '/api/v1/pushes' + query({ event_id: look.event_id, size: 10 })) : Promise.resolve(null);
    var notifications = api('GET', '/api/v1/notifications' + query({ recipient: look.recipient, event_id: look.event_id, size: 50 }));
    // a phone: what it texted us too, each reply with the message of ours it answers
    var texts = look.recipient && !/@/.test(look.recipient)
      ? api('GET', '/api/v1/inbound-messages' + query({ from: look.recipient, size: 20 })) : Promise.resolve(null);
    var consent = look.recipient ? consentOf(look.recipient) : Promise.resolve(null);
    // a customer who filled in the sales form: their leads, whose agent they may be waiting for
    var leads = look.recipient ? api('GET', '/api/v1/leads' + query({ customer: look.recipient, size: 10 })) : Promise.resolve(null);
    Promise.all([events, pushes, notifications, texts, consent, leads]).then(function (answers) {
      if (answers[0]) results.append(h('h2', { text: 'Event' }), answers[0].items.length ? h('div', { id: 'events' }, eventViews(answers[0].items))
        : h('p', { class: 'muted', text: 'No event with this id: it never reached the hub, or retention removed it.' }),
        h('h2', { text: 'Notifications' }));
      results.append(table(NOTIFICATION_HEADINGS, notificationRows(answers[2].items),
        'No notification matches.'));
      if (answers[1] && answers[1].items.length) results.append(h('h2', { text: 'Pushes' }), h('div', { id: 'pushes' },
        table(['Destination', 'Status', '~Attempts', 'Last answer'], pushRows(answers[1].items))));
      if (answers[4]) results.append(h('h2', { text: 'Consent' }), h('div', { id: 'consent' }, consentView(answers[4])));
      if (answers[5] && answers[5].items.length) results.append(h('h2', { text: 'Leads' }),
        h('div', { id: 'customer-leads' }, table(LEAD_HEADINGS, leadRows(answers[5].items))));
      if (answers[3]) results.append(h('h2', { text: 'Texts from this number' }), h('div', { id: 'inbound' },
        table(['~Received', 'Kind', 'Text and our answers', 'In reply to', 'Forwarded as'], inboundRows(answers[3].items), 'It has texted us nothing.')));
    }).catch(fail);
  }

  // Whether an address may be contacted, on each channel it can be reached by, with every change; null when it is no
  // address the hub can read (the lookup then shows what it matches and no more)
  function consentOf(address) {
    var channels = /@/.test(address) ? ['email'] : ['sms', 'whatsapp'];
    return Promise.all(channels.map(function (channel) {
      var path = '/api/v1/consent/' + channel + '/' + encodeURIComponent(address);
      return Promise.all([api('GET', path), api('GET', path + '/history')]).then(function (answers) {
        return { channel: channel, state: answers[0], history: answers[1].history };
      });
    })).catch(function () { return null; });
  }

  // "sms: opted out of marketing since … (sms_keyword)", each change with the message of ours it answered
  function consentView(channels) {
    var summary = channels.map(function (c) {
      var s = c.state;
      return [c.channel, s.opted_out
        ? (s.suppressed ? 'suppressed' : 'opted out') + ' of ' + s.categories.join(', ') + ' since ' + when(s.opted_out_at) + ' (' + s.source + ')'
        : 'may be contacted'];
    });
    var changes = [];
    channels.forEach(function (c) {
      c.history.forEach(function (e) { changes.push(Object.assign({ channel: c.channel }, e)); });
    });
    changes.sort(function (a, b) { return a.at < b.at ? 1 : -1; });
    return [definitions(summary), table(['~When', 'Channel', 'Change', 'Reason', '~Source', 'About'], changes.map(function (e) {
      return h('tr', {},
        h('td', { class: 'wide', text: when(e.at) }),
        h('td', { text: e.channel }),
        h('td', { text: e.action.replace('_', ' ') + (e.category ? ' (' + e.category + ')' : '') }),
        h('td', { text: e.reason || '' }),
        h('td', { class: 'wide', text: e.source + (e.actor ? ' · ' + e.actor : '') }),
        h('td', {}, e.notification_id ? h('a', { href: '#/notifications/' + encodeURIComponent(e.notification_id), text: e.notification_id }) : null));
    }), 'No change of consent recorded: it may be contacted on every channel it has.')];
  }

  // A number's texts (with their kind), or the replies of many numbers (with who sent each, linked to its lookup).
  function inboundRows(items, withSender) {
    return items.map(function (m) {
      var link = function (id, text) { return id ? h('a', { href: '#/notifications/' + id, text: text || id }) : null; };
      var answers = (m.answers || []).map(function (a) {
        return h('div', { class: 'answer' }, '↳ ', link(a.notification_id, a.text || a.notification_id), ' ', badge(a.status),
          h('span', { class: 'muted', text: ' ' + a.answered_by + ', ' + when(a.answered_at) }));
      });
      var received = when(m.received_at) + ' via ' + m.channel;
      return h('tr', {},
        h('td', { class: 'wide', text: received }),
        h('td', {}, withSender ? h('a', { href: '#/notifications' + query({ q: m.from }), text: [m.customer_name || (m.profile_name && m.profile_name + ' (on WhatsApp)'), m.from].filter(Boolean).join(' · ') }) : badge(m.kind)),
        // on a phone the Received column is gone, and when they wrote matters ("we are at the entrance")
        h('td', { class: 'reason' }, h('div', { class: 'muted narrow received', text: received }),
          h('div', { text: m.body || '' }), answers,
          m.cannot_answer ? h('div', { class: 'muted cannot-answer', text: 'Cannot be answered by ' + m.channel + ': ' + m.cannot_answer.detail }) : null,
          // a WhatsApp message whose 24 hours are gone can still be answered by SMS
          m.kind !== 'reply' ? null : h('div', { class: 'reply-tools' },
            !m.cannot_answer ? answerForm(m, m.channel)
              : m.cannot_answer.reason === 'whatsapp-window-closed' ? answerForm(m, 'sms') : null,
            // an answer from the hub settles it already
            (m.answers || []).length && !m.handled ? null : handledMark(m))),
        h('td', {}, m.replied_to ? link(m.replied_to.notification_id, m.replied_to.template) : null),
        // to customer care, or to the agent of the lead it is about: who has it already
        h('td', {}, link(m.forwarded_as),
          m.forwarded_to ? h('div', { class: 'muted forwarded-to', text: 'to ' + m.forwarded_to }) : null));
    });
  }

  // A reply is answered from our own number, on the channel it came by; when it cannot be (opted out since,
  // WhatsApp's 24 hours gone), the hub's refusal says why and the text stays in the box.
  // Send again with the same text (the first answer was lost on the way back) reuses its key, so the person is
  // texted once; an edited text, after a refusal, is a new answer with a key of its own.
  function answerForm(m, channel) {
    var box = h('textarea', { name: 'text', class: 'answer-text', rows: 3, maxlength: 1600, required: true,
      placeholder: 'Text ' + m.from + ' back by ' + channel + ', from our number' });
    var keyed = { text: null, key: null };
    return replyTool(channel === m.channel ? 'Answer' : 'Answer by ' + channel.toUpperCase(), 'answer', box, 'Send', function () {
      if (keyed.text !== box.value) keyed = { text: box.value, key: idempotencyKey() };
      return api('POST', '/api/v1/inbound-messages/' + encodeURIComponent(m.id) + '/answer', { text: box.value, channel: channel }, keyed.key).then(function (answer) {
        return 'Answer sent as ' + answer.id + ' (' + answer.status + ').';
      });
    });
  }

  // A reply that needs nothing more from the hub (a call did it, or it was "Thanks!") is marked handled, with a note
  // for whoever reads it next; the mark can be taken away.
  function handledMark(m) {
    var path = '/api/v1/inbound-messages/' + encodeURIComponent(m.id) + '/handled';
    if (m.handled) {
      return h('div', { class: 'handled reply-tool open' }, '✓ handled by ' + m.handled.by + ', ' + when(m.handled.at),
        m.handled.note ? h('span', { class: 'muted', text: ': ' + m.handled.note }) : null, ' ',
        writeButton('Reopen', { class: 'handled-reopen' }, function () {
          api('DELETE', path).then(function () {
            flash('Reply ' + m.id + ' waits again.', 'ok');
            route();
          }).catch(fail);
        }));
    }
    var note = h('input', { name: 'note', class: 'handled-note', maxlength: 1000, placeholder: 'what was done (optional): called back, no answer needed…' });
    return replyTool('Handled otherwise…', 'handled', note, 'Mark handled', function () {
      return api('POST', path, note.value.trim() ? { note: note.value } : {}).then(function () {
        return 'Reply ' + m.id + ' marked handled.';
      });
    });
  }

  // A reply's tool: a button that unfolds its form (the field, submit, Cancel) across the cell. send() posts what the
  // field holds and gives what to flash; a refusal is shown and the field keeps what was typed.
  function replyTool(label, kind, field, submitLabel, send) {
    var submit = h('button', { type: 'submit', class: 'primary', text: submitLabel });
    var form = h('form', { class: kind + '-form', hidden: true, onsubmit: function (e) {
      e.preventDefault();
      submit.disabled = true;
      send().then(function (text) {
        flash(text, 'ok');
        route();
      }).catch(function (error) {
        submit.disabled = false;
        fail(error);
      });
    } }, field, h('div', { class: 'actions' }, submit, h('button', { type: 'button', text: 'Cancel', onclick: function () { unfold(false); } })));
    var open = writeButton(label, { class: kind + '-open' }, function () {
      unfold(true);
      field.focus();
    });
    var tool = h('div', { class: 'reply-tool' }, open, form);
    function unfold(on) {
      form.hidden = !on;
      open.hidden = on;
      tool.classList.toggle('open', on);
    }
    return tool;
  }

  function pushRows(items) {
    return items.map(function (p) {
      // a pending push nothing is trying says why first; the destination's last answer, if any, follows
      // the error of an answer already starts "HTTP 422 from vendor": the status is not said twice
      var status = p.last_status && (p.last_error || '').indexOf('HTTP ' + p.last_status) !== 0 ? 'HTTP ' + p.last_status : '';
      var answer = [p.waiting || '', status, p.last_error || ''].filter(Boolean).join(': ');
      // a discarded one says who gave it up and why before the answer it kept
      if (p.discarded) answer = 'given up by ' + p.discarded.by + ' ' + when(p.discarded.at) + ': ' + p.discarded.reason + (answer ? ' (' + answer + ')' : '');
      return h('tr', {},
        h('td', { text: p.destination }),
        h('td', {}, badge(p.status)),
        h('td', { class: 'wide num', text: String(p.attempts) }),
        h('td', { class: 'reason', text: answer + (p.delivered_at ? ' (delivered ' + when(p.delivered_at) + ')' : '') }));
    });
  }

  // What became of each event with the id: its reason a line per clause ("rules: …", each message a rule did not
  // make and why, the sends it calls off), which a phone shows whole rather than in a table's far column
  function eventViews(items) {
    return items.map(function (e) {
      var what = e.reason ? e.reason.split('; ') : [];
      // a refusal's reason already names each problem; its errors only matter when a reason is missing
      if (!what.length && e.errors) what = e.errors.map(function (x) { return x.field + ' ' + x.message; });
      if (e.actions !== undefined && e.actions !== null) what.push(e.actions + ' action' + (e.actions === 1 ? '' : 's'));
      // the events it raised (an escalation) and the one that raised it: each a lookup of its own notifications
      var look = function (ref) { return h('a', { href: '#/notifications' + query({ q: ref.id }), text: ref.id }); };
      var raised = (e.raised || []).map(function (ref) { return h('div', { class: 'raised' }, 'raised ', look(ref)); });
      return h('div', { class: 'event-row' }, definitions([
        ['Type', e.type + ' from ' + e.source],
        ['Received', when(e.received_at) + ' via ' + e.received_via],
        ['Status', badge(e.status)],
        ['What became of it', [what.map(function (line) { return h('div', { text: line }); }), raised,
          e.raised_by ? h('div', { class: 'raised-by' }, 'raised by ', look(e.raised_by)) : null]]]));
    });
  }

  // a timeline that names another notification (the copy a resend made, the message a repeat would have repeated)
  // opens it with a click
  function withNotificationLinks(text) {
    return text.split(/(ntf_[a-z0-9]+)/).map(function (part, i) {
      return i % 2 ? h('a', { href: '#/notifications/' + part, text: part }) : part;
    });
  }

  function notificationPage(id) {
    show(loading());
    // one key for this visit: a double click, or a click again before the answer, resends once, not twice
    var resendKey = idempotencyKey();
    var load = function () {
      return api('GET', '/api/v1/notifications/' + encodeURIComponent(id)).then(function (n) {
        var to = n.to || {};
        var timeline = (n.events || []).map(function (e) {
          return h('li', {}, badge(e.status), ' ', h('span', { class: 'muted', text: when(e.at) }), e.detail ? h('div', {}, withNotificationLinks(e.detail)) : null);
        });
        // one still queued or sending would reach the recipient twice: the hub refuses it, so nothing is offered
        var onItsWay = n.status === 'queued' || n.status === 'sending';
        var resend = onItsWay ? h('span', { class: 'muted', text: 'Still on its way: it can be resent once it has ended.' }) : writeButton('Resend', { id: 'resend' }, function () {
          api('POST', '/api/v1/notifications/' + encodeURIComponent(n.id) + '/resend', undefined, resendKey).then(function (answer) {
            goTo('#/notifications/' + answer.id, 'Resent as ' + answer.id + '.');
          }).catch(fail);
        });
        show(
          h('p', {}, h('a', { href: '#/notifications', text: '‹ Notifications' })),
          h('h1', {}, n.id + ' ', h('span', { id: 'notification-status' }, badge(n.status))),
          definitions([
            ['Template', n.template + (n.template_version ? ' v' + n.template_version : '')],
            ['Recipient', [to.name, to.phone, to.email].filter(Boolean).join(' · ')],
            ['Channels', (n.channels || []).join(', ')], ['Channel used', n.channel],
            ['Category', n.category], ['Priority', n.priority], ['Attempts', String(n.attempts)],
            ['Provider', n.provider], ['Provider message id', n.provider_message_id],
            ['Error', n.error_code || n.error_message ? [n.error_code, n.error_message].filter(Boolean).join(': ') : null],
            ['Reason', n.reason], ['Send at', when(n.send_at)],
            ['Event', n.event_id ? h('a', { href: '#/notifications' + query({ q: n.event_id }), text: n.event_id + (n.event_type ? ' (' + n.event_type + ')' : '') }) : null],
            ['Resend of', n.resend_of ? h('a', { href: '#/notifications/' + n.resend_of, text: n.resend_of }) : null],
            ['Created', when(n.created_at)], ['Sandbox', n.sandbox ? 'yes: recorded, not sent' : null]
          ]),
          h('div', { class: 'actions' }, resend),
          message(n.content, n.channel),
          h('h2', { text: 'Timeline' }),
          h('ol', { class: 'timeline', id: 'timeline' }, timeline));
      }).catch(fail);
    };
    load();
    every(2000, load);
  }

  // What it said on the channel it was last handed to: as text, never as markup (an email's HTML shows as source).
  function message(content, channelUsed) {
    if (!content) return null;
    var call = content.provider_template;
    var email = content.channel === 'email';
    var facts = [
      ['Channel', content.channel === channelUsed ? null : content.channel], ['Variant', content.variant],
      ['Subject', content.subject],
      ['Approved template', call ? call.id + (call.values && call.values.length ? ': ' + call.values.join(' · ') : '') : null]
    ].filter(function (p) { return p[1]; });
    return h('section', { id: 'message' },
      h('h2', { text: 'Message' }),
      facts.length ? definitions(facts) : null,
      content.text || content.html ? h('pre', { class: 'message', id: 'message-body', text: content.text || content.html }) : null,
      email ? h('p', { class: 'muted', text: 'As rendered, before link tracking and the footer every email carries.' }) : null);
  }

  // ---- scheduled sends ---------------------------------------------------------------------------------------------

  // A charter called off by phone: its reminder is found by the subject of the event behind it (charter/186).
  // Besides those still waiting, the sends that had a time and ended some way: "did the reminder go out?"
  var SCHEDULED_STATUSES = ['', 'sent', 'delivered', 'failed', 'blocked', 'cancelled'];

  function scheduledPage(params) {
    var page = parseInt(params.get('page') || '0', 10) || 0;
    var subject = params.get('subject') || '';
    // from a campaign's page: its own sends, each saying whether it would be stopped now
    var campaign = params.get('campaign') || '';
    var status = SCHEDULED_STATUSES.indexOf(params.get('status')) > 0 ? params.get('status') : '';
    var filters = { subject: subject, campaign: campaign, status: status };
    var size = 50;
    var list = h('div', { id: 'scheduled-list' }, loading());
    var input = h('input', { id: 'f-scheduled-subject', name: 'subject', value: subject, maxlength: 500, placeholder: 'charter/186' });
    var statusSelect = h('select', { id: 'f-scheduled-status', name: 'status' }, SCHEDULED_STATUSES.map(function (s) {
      return h('option', { value: s, selected: s === status, text: s || 'waiting' });
    }));
    show(h('h1', { text: campaign ? 'Scheduled sends of campaign ' + campaign : 'Scheduled sends' }),
      campaign ? h('p', {}, h('a', { href: '#/campaigns/' + encodeURIComponent(campaign), text: '‹ Campaign ' + campaign })) : null,
      h('form', { class: 'filters', onsubmit: function (e) {
        e.preventDefault();
        location.hash = '#/scheduled' + query({ subject: input.value.trim(), campaign: campaign, status: statusSelect.value });
      } }, h('label', { class: 'grow' }, 'Subject of the event behind it', input), h('label', {}, 'Status', statusSelect),
        h('button', { type: 'submit', class: 'primary', text: 'Find' })),
      list);
    var load = function () {
      return api('GET', '/api/v1/scheduled' + query(Object.assign({ page: page, size: size }, filters))).then(function (answer) {
        var rows = answer.items.map(function (n) {
          return h('tr', {},
            h('td', {}, h('a', { href: '#/notifications/' + n.id, text: n.id })),
            h('td', { text: when(n.send_at) }),
            recipientCell(n.to, (n.channels || [])[0]),
            h('td', { text: n.template }),
            h('td', { class: 'reason' }, n.why, n.outlook ? h('div', { class: 'outlook', text: n.outlook }) : null),
            h('td', { class: 'wide', text: (n.channels || []).join(', ') }),
            // only one still waiting can be called off; one that ended says how
            status ? h('td', {}, badge(n.status)) : h('td', {}, writeButton('Cancel', { class: 'danger', 'data-id': n.id }, function () {
              // asks first (a slip of the thumb on a phone would call a send off), and why, for its timeline
              var why = window.prompt('Cancel ' + n.template + ' to ' + ((n.to && n.to.name) || n.id) + ', due '
                + when(n.send_at) + '? Why (optional, kept in its timeline):', '');
              if (why === null) return;
              api('POST', '/api/v1/scheduled/' + encodeURIComponent(n.id) + '/cancel',
                why.trim() ? { reason: why.trim() } : undefined).then(function () {
                flash(n.id + ' cancelled.', 'ok');
                load();
              }).catch(fail);
            })));
        });
        var nothing = status ? 'No send with a send time is ' + status + (subject ? ' of an event with subject ' + subject : '') + '.'
          : subject ? 'Nothing of an event with subject ' + subject + ' is waiting.' : 'Nothing is waiting for its time.';
        list.replaceChildren(table(['ID', 'Send at', 'To', 'Template', 'Why', '~Channels', status ? 'Status' : ''], rows, nothing),
          pager('#/scheduled', filters, page, size, answer.total, status || 'waiting', '‹ Sooner', 'Later ›'));
      }).catch(fail);
    };
    load();
    every(5000, load);
  }

  // ---- status callbacks set aside ----------------------------------------------------------------------------------

  function callbacksPage(params) {
    var page = parseInt(params.get('page') || '0', 10) || 0;
    var state = params.get('state') || 'failed';
    var size = 50;
    var list = h('div', { id: 'callback-list' }, loading());
    var select = h('select', { id: 'f-callback-state', onchange: function () {
      location.hash = '#/callbacks' + query({ state: select.value });
    } }, ['failed', 'unmatched'].map(function (s) {
      return h('option', { value: s, text: s === 'failed' ? 'failed to apply' : 'matched no notification', selected: s === state ? 'selected' : null });
    }));
    show(h('h1', { text: 'Status callbacks set aside' }),
      h('p', { class: 'muted', text: 'What Twilio or Meta reported that the hub could not apply. Fix the cause, then try it again.' }),
      h('p', { class: 'filters' }, select), list);
    var load = function () {
      return api('GET', '/ops/api/callbacks' + query({ state: state, page: page, size: size })).then(function (answer) {
        var rows = answer.items.map(function (c) {
          return h('tr', {},
            h('td', { text: '#' + c.id }),
            h('td', { text: c.provider + ' ' + c.status + (c.error_code ? ' (' + c.error_code + ')' : '') }),
            h('td', { class: 'reason', text: c.message_id }),
            h('td', { class: 'reason', text: c.outcome || '' }),
            h('td', { class: 'wide', text: when(c.received_at) }),
            h('td', {}, writeButton('Retry', { 'data-id': c.id }, function () {
              api('POST', '/ops/api/callbacks/' + c.id + '/retry').then(function () {
                flash('Callback #' + c.id + ' goes back to be applied.', 'ok');
                load();
              }).catch(fail);
            })));
        });
        list.replaceChildren(table(['ID', 'Report', 'Message', 'Why', '~Received', ''], rows, 'Nothing is set aside.'),
          pager('#/callbacks', { state: params.get('state') }, page, size, answer.total, 'set aside'));
      }).catch(fail);
    };
    load();
    every(5000, load);
  }

  // ---- replies ---------------------------------------------------------------------------------------------------

  // What customers texted back, for whoever answers them: by default those waiting for a person (no answer from the
  // hub, not marked handled). Not refreshed on a timer, which would wipe an answer being typed; sending one reloads it.
  var REPLY_VIEWS = {
    waiting: { label: 'waiting for us', filter: { waiting: true }, empty: 'No reply waits: each was answered or handled.' },
    answered: { label: 'answered from the hub', filter: { answered: true }, empty: 'No reply here.' },
    handled: { label: 'handled otherwise', filter: { handled: true }, empty: 'No reply here.' },
    all: { label: 'all', filter: {}, empty: 'No reply here.' }
  };

  function repliesPage(params) {
    var page = parseInt(params.get('page') || '0', 10) || 0;
    var shown = REPLY_VIEWS[params.get('show')] ? params.get('show') : 'waiting';
    var size = 50;
    var list = h('div', { id: 'reply-list' }, loading());
    var select = h('select', { id: 'f-reply-show', onchange: function () {
      location.hash = '#/replies' + query({ show: select.value === 'waiting' ? null : select.value });
    } }, Object.keys(REPLY_VIEWS).map(function (key) {
      return h('option', { value: key, text: REPLY_VIEWS[key].label, selected: key === shown ? 'selected' : null });
    }));
    show(h('h1', { text: 'Replies' }),
      h('p', { class: 'muted', text: 'What customers texted back by SMS or WhatsApp, newest first. An answer goes from our number, on the channel they wrote by; one settled by a call, or needing no answer, is marked handled otherwise.' }),
      h('p', { class: 'filters' }, select), list);
    var filter = Object.assign({ kind: 'reply', page: page, size: size }, REPLY_VIEWS[shown].filter);
    api('GET', '/api/v1/inbound-messages' + query(filter)).then(function (answer) {
      list.replaceChildren(table(['~Received', 'From', 'Text and our answers', 'In reply to', 'Forwarded as'], inboundRows(answer.items, true),
        REPLY_VIEWS[shown].empty),
        pager('#/replies', { show: params.get('show') }, page, size, answer.total, ['reply', 'replies']));
    }).catch(fail);
  }

  // ---- campaigns -------------------------------------------------------------------------------------------------

  function campaignsPage(params) {
    var page = parseInt(params.get('page') || '0', 10) || 0;
    var status = params.get('status') || '';
    var size = 50;
    var list = h('div', { id: 'campaign-list' }, loading());
    var select = h('select', { id: 'f-campaign-status', onchange: function () {
      location.hash = '#/campaigns' + query({ status: select.value });
    } }, ['', 'scheduled', 'sending', 'sent', 'cancelled'].map(function (s) {
      return h('option', { value: s, text: s || 'any status', selected: s === status ? 'selected' : null });
    }));
    show(h('h1', { text: 'Campaigns' }), h('p', { class: 'filters' }, select), list);
    var load = function () {
      return api('GET', '/api/v1/campaigns' + query({ status: status, page: page, size: size })).then(function (answer) {
        var rows = answer.items.map(function (c) {
          return h('tr', { class: 'clickable', 'data-id': c.id, onclick: function () { location.hash = '#/campaigns/' + encodeURIComponent(c.id); } },
            h('td', {}, h('a', { href: '#/campaigns/' + encodeURIComponent(c.id), text: c.id })),
            h('td', {}, badge(c.status)),
            h('td', { text: c.template }),
            h('td', { text: c.send_at ? when(c.send_at) : 'at once' }),
            h('td', { text: c.notifications + ' / ' + c.recipients }),
            h('td', { class: 'wide', text: when(c.created_at) }));
        });
        list.replaceChildren(table(['ID', 'Status', 'Template', 'Send at', 'Made / recipients', '~Created'], rows, 'No campaigns.'),
          pager('#/campaigns', { status: status }, page, size, answer.total, ['campaign', 'campaigns']));
      }).catch(fail);
    };
    load();
    every(5000, load);
  }

  function campaignPage(id) {
    var box = h('div', { id: 'campaign' }, loading());
    show(h('h1', { text: 'Campaign ' + id }), box);
    var load = function () {
      return api('GET', '/api/v1/campaigns/' + encodeURIComponent(id)).then(function (c) {
        var st = c.stats;
        var counts = ['recipients', 'notifications', 'waiting', 'sent', 'delivered', 'opened', 'clicked', 'unsubscribed',
          'bounced', 'failed', 'blocked', 'cancelled'].map(function (k) {
          return h('tr', {}, h('td', { text: k }), h('td', { class: 'count', 'data-stat': k, text: String(st[k]) }),
            h('td', { class: 'muted', text: st.rates[k] !== undefined ? Math.round(st.rates[k] * 1000) / 10 + ' %' : '' }));
        });
        var byStatus = Object.keys(st.by_status).map(function (k) {
          return h('tr', {}, h('td', {}, badge(k)), h('td', { class: 'count', text: String(st.by_status[k]) }));
        });
        var cancel = writeButton('Cancel what still waits…', { id: 'cancel-campaign', class: 'danger' }, function () {
          var why = window.prompt('Cancel campaign ' + c.id + '? Every send not yet handed to a channel ends cancelled. '
            + 'Why (optional, kept with the campaign and in each send\'s timeline):', '');
          if (why === null) return;
          api('POST', '/api/v1/campaigns/' + encodeURIComponent(c.id) + '/cancel',
            why.trim() ? { reason: why.trim() } : undefined).then(function (done) {
            flash('Campaign ' + c.id + ' cancelled: ' + done.stats.cancelled + plural(done.stats.cancelled, ' send', ' sends')
              + ' called off.', 'ok');
            load();
          }).catch(fail);
        });
        cancel.disabled = cancel.disabled || c.status === 'sent' || c.status === 'cancelled';
        box.replaceChildren(
          definitions([['Status', badge(c.status)], ['Template', c.template], ['Send at', c.send_at ? when(c.send_at) : 'at once'],
            ['Event', c.event.source + ' ' + c.event.id], ['Created', when(c.created_at)],
            ['Cancelled', c.cancelled_at ? when(c.cancelled_at) + ' by ' + c.cancelled_by
              + (c.cancel_reason ? ': ' + c.cancel_reason : '') : null]]),
          h('p', { class: 'actions' }, cancel),
          h('h2', { text: 'Stats' }), table(['', 'Count', 'Rate'], counts, ''),
          h('h2', { text: 'Notifications by status' }), table(['Status', 'Count'], byStatus, 'None yet.'),
          h('p', {}, h('a', { id: 'campaign-waiting', href: '#/scheduled' + query({ campaign: c.id }),
            text: 'Its sends still waiting, each saying whether it would be stopped now' })));
      }).catch(fail);
    };
    load();
    every(5000, load);
  }

  // ---- leads -----------------------------------------------------------------------------------------------------

  var LEAD_STATUSES = ['new', 'contacted', 'qualified', 'negotiating', 'converted', 'dead'];

  function leadName(l) {
    return [l.first_name, l.last_name].filter(Boolean).join(' ');
  }

  // the customer's phone and email lead to everything we sent them and they wrote us (and the Answer box)
  function leadCustomer(l) {
    var parts = [leadName(l)];
    [['lead-phone', l.phone], ['lead-email', l.email]].forEach(function (a) {
      if (a[1]) parts.push(' · ', h('a', { id: a[0], href: '#/notifications' + query({ q: a[1] }), text: a[1] }));
    });
    return parts;
  }

  function leadTrip(l) {
    return [l.estimated_passengers ? l.estimated_passengers + ' passengers' : null, l.estimated_trip_date,
      l.pickup_location || l.dropoff_location ? (l.pickup_location || '?') + ' → ' + (l.dropoff_location || '?') : null]
      .filter(Boolean).join(' · ');
  }

  var LEAD_HEADINGS = ['Customer', '~Trip', 'Status', 'Agent', '~Received', '~ID'];

  function leadRows(items) {
    return items.map(function (l) {
      return h('tr', { class: 'clickable', 'data-id': l.id, onclick: function () { location.hash = '#/leads/' + encodeURIComponent(l.id); } },
        // on a phone the customer's name is the link: their addresses, the id and the times give way
        h('td', {}, h('a', { href: '#/leads/' + encodeURIComponent(l.id), text: leadName(l) }),
          h('span', { class: 'wide muted', text: [''].concat([l.phone, l.email].filter(Boolean)).join(' · ') })),
        h('td', { class: 'wide', text: leadTrip(l) }),
        h('td', {}, badge(l.status), l.sla_missed ? [' ', h('span', { class: 'badge s-late', text: 'late',
          title: 'still new when its contact time ran out' })] : null),
        h('td', {}, l.assigned_agent_id ? l.assigned_agent_id : badge('waiting')),
        h('td', { class: 'wide', text: when(l.created_at) }),
        h('td', { class: 'wide', text: l.id }));
    });
  }

  // waiting=1: the leads no agent could take yet (the overview's card), which ops give to an agent by hand
  function leadsPage(params) {
    var page = parseInt(params.get('page') || '0', 10) || 0;
    var waiting = params.get('waiting') === '1';
    var status = waiting ? '' : params.get('status') || '';
    var customer = params.get('customer') || '';
    var size = 50;
    var list = h('div', { id: 'lead-list' }, loading());
    var select = h('select', { id: 'f-lead-status' }, [['', 'any status'], ['waiting', 'waiting for an agent']]
      .concat(LEAD_STATUSES.map(function (s) { return [s, s]; })).map(function (o) {
        return h('option', { value: o[0], text: o[1], selected: o[0] === (waiting ? 'waiting' : status) ? 'selected' : null });
      }));
    var input = h('input', { id: 'f-lead-customer', type: 'search', value: customer, placeholder: '+1 617 ..., maria@example.com' });
    var go = function () {
      var filters = select.value === 'waiting' ? { waiting: 1 } : { status: select.value };
      location.hash = '#/leads' + query(Object.assign(filters, { customer: input.value.trim() }));
    };
    select.addEventListener('change', go);
    show(h('h1', { text: 'Leads' }),
      h('p', { class: 'muted', text: 'Sales enquiries, newest first, and the agent each went to. One no agent could take (every '
        + 'agent at their daily cap, or none active) waits for the first agent free, or for you to give it to one.' }),
      h('form', { class: 'filters', id: 'lead-filters', onsubmit: function (e) { e.preventDefault(); go(); } },
        h('label', {}, 'Status', select),
        h('label', { class: 'grow' }, 'Customer\'s phone or email', input),
        h('button', { type: 'submit', class: 'primary', text: 'Find' })),
      list);
    var load = function () {
      var filter = Object.assign(waiting ? { status: 'new', assigned: false } : { status: status }, { customer: customer });
      return api('GET', '/api/v1/leads' + query(Object.assign(filter, { page: page, size: size }))).then(function (answer) {
        list.replaceChildren(table(LEAD_HEADINGS, leadRows(answer.items),
          waiting && !customer ? 'No lead waits for an agent.' : 'No leads match.'),
          pager('#/leads', Object.assign(waiting ? { waiting: 1 } : { status: status }, { customer: customer }), page, size,
            answer.total, ['lead', 'leads']));
      }).catch(fail);
    };
    load();
    every(10000, load);
  }

  function leadPage(id) {
    var box = h('div', { id: 'lead' }, loading());
    show(h('p', {}, h('a', { href: '#/leads', text: '‹ Leads' })), h('h1', { text: 'Lead ' + id }), box);
    var load = function () {
      return Promise.all([api('GET', '/api/v1/leads/' + encodeURIComponent(id)), api('GET', '/api/v1/assignment-rules'),
        api('GET', '/api/v1/notifications' + query({ lead_id: id, size: 50 }))])
        .then(function (answers) {
          var l = answers[0];
          var agents = answers[1].items;
          var named = function (agentId) {
            var found = agents.filter(function (a) { return a.agent_id === agentId; })[0];
            return found ? found.agent_name + ' (' + agentId + ')' + (found.is_active ? '' : ', not taking leads') : agentId;
          };
          var open = l.status !== 'converted' && l.status !== 'dead';
          var others = agents.filter(function (a) { return a.is_active && a.agent_id !== l.assigned_agent_id; });
          var pick = h('select', { id: 'lead-agent' }, others.map(function (a) {
            return h('option', { value: a.agent_id, text: a.agent_name + ' (' + a.assigned_today + ' of ' + a.max_leads_per_day + ' today)' });
          }));
          var give = writeButton(l.assigned_agent_id ? 'Move' : 'Give', { id: 'give-lead', class: 'primary' }, function () {
            var agent = agents.filter(function (a) { return a.agent_id === pick.value; })[0];
            api('PATCH', '/api/v1/leads/' + encodeURIComponent(l.id), { assigned_agent_id: pick.value }).then(function () {
              flash('Lead ' + l.id + ' given to ' + agent.agent_name + ', who is told now'
                + (l.assigned_agent_id ? '; ' + named(l.assigned_agent_id) + ' is told it is no longer theirs.' : '.'), 'ok');
              load();
            }).catch(fail);
          });
          var activities = (l.activities || []).slice().reverse().map(function (a) {
            return h('tr', {}, h('td', { class: 'wide', text: when(a.at) }), h('td', {}, badge(a.kind)),
              h('td', { text: a.actor || '' }), h('td', { class: 'reason', text: a.detail || '' }));
          });
          box.replaceChildren();
          append(box, [
            definitions([['Status', [badge(l.status), l.sla_missed ? ' contact time missed' + (l.reassigned ? ', moved on once' : '') : '']],
              ['Agent', l.assigned_agent_id ? named(l.assigned_agent_id) + (l.assigned_at ? ' since ' + when(l.assigned_at) : '') : badge('waiting')],
              ['Customer', leadCustomer(l)], ['Trip', leadTrip(l)], ['Details', l.trip_details],
              ['Came from', l.source], ['Received', when(l.created_at)]]),
            !open ? null : others.length
              ? h('p', { class: 'actions' }, h('label', { for: 'lead-agent', text: l.assigned_agent_id ? 'Move it to' : 'Give it to' }), pick, give)
              : h('p', { class: 'muted', id: 'no-agent', text: 'No other agent takes leads now: an admin adds or reactivates one with POST or PUT /api/v1/assignment-rules.' }),
            h('h2', { text: 'What happened, newest first' }),
            table(['~At', 'What', 'Who', 'Detail'], activities, 'Nothing yet.'),
            h('h2', { text: 'Who was told, newest first' }),
            h('div', { id: 'lead-notifications' }, table(NOTIFICATION_HEADINGS, notificationRows(answers[2].items),
              'Nobody yet.'))]);
        }).catch(fail);
    };
    load();
  }

  // ---- routing ---------------------------------------------------------------------------------------------------

  function route() {
    stop();
    var hash = location.hash.replace(/^#/, '') || '/';
    var at = hash.indexOf('?');
    var path = at < 0 ? hash : hash.substring(0, at);
    var params = new URLSearchParams(at < 0 ? '' : hash.substring(at + 1));
    var parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    var section = parts[0] || 'overview';
    document.querySelectorAll('#nav a').forEach(function (a) {
      a.classList.toggle('active', a.getAttribute('data-nav') === section);
    });
    if (section === 'dead-letters' && parts[1]) deadLetterPage(parts[1]);
    else if (section === 'dead-letters') deadLettersPage(params);
    else if (section === 'notifications' && parts[1]) notificationPage(parts[1]);
    else if (section === 'notifications') notificationsPage(params);
    else if (section === 'scheduled') scheduledPage(params);
    else if (section === 'campaigns' && parts[1]) campaignPage(parts[1]);
    else if (section === 'campaigns') campaignsPage(params);
    else if (section === 'callbacks') callbacksPage(params);
    else if (section === 'replies') repliesPage(params);
    else if (section === 'leads' && parts[1]) leadPage(parts[1]);
    else if (section === 'leads') leadsPage(params);
    else overviewPage();
  }

  // A notice for the page an action takes us to: a page change clears the last page's notices, not this one.
  var carried = null;
  function goTo(hash, notice) {
    if (location.hash === hash) {
      flash(notice, 'ok'); // no page change comes (a second answer for the same page)
      return;
    }
    carried = notice;
    location.hash = hash;
  }

  window.addEventListener('hashchange', function () {
    flash(carried || '', carried ? 'ok' : undefined);
    carried = null;
    route();
  });
  document.getElementById('logout').addEventListener('submit', function () {
    document.getElementById('logout-csrf').value = csrf();
  });

  api('GET', '/ops/api/me').then(function (answer) {
    me = answer;
    document.getElementById('who').textContent = me.name + ' (' + me.roles.join(', ') + ')' + (me.can_write ? '' : ' · read only');
    document.body.classList.toggle('read-only', !me.can_write);
    route();
  }).catch(fail);
})();
