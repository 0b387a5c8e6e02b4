'use strict';

// One SockJS session as the tests drive it: open, send the messages, collect what comes back,
// close once every message has been echoed (or wait for the server to close when there are none).
// Shared by node-echo.js (sockjs-client in Node) and page/echo-page.js (sockjs-client in Chromium).
//
// Messages cross every process boundary as UTF-16 code units in hex (4 digits per unit), so lone
// surrogates and U+FFFF survive JSON, command pipes and the DevTools protocol unchanged.
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory();
  } else {
    root.sockjsEchoSession = factory();
  }
})(typeof self !== 'undefined' ? self : this, function () {
  function toHex(text) {
    var parts = new Array(text.length);
    for (var i = 0; i < text.length; i++) {
      parts[i] = ('000' + text.charCodeAt(i).toString(16)).slice(-4);
    }
    return parts.join('');
  }

  function fromHex(hex) {
    if (hex.length % 4 !== 0) {
      throw new Error('hex text length ' + hex.length + ' is not a multiple of 4');
    }
    var units = [];
    var out = '';
    for (var i = 0; i < hex.length; i += 4) {
      units.push(parseInt(hex.substr(i, 4), 16));
      if (units.length === 4096) {
        out += String.fromCharCode.apply(null, units);
        units = [];
      }
    }
    return out + String.fromCharCode.apply(null, units);
  }

  // spec: { url, transports (array or null for the client's default list), messages (hex strings),
  //         connectTimeoutMs (sockjs-client's `timeout` option), deadlineMs }
  // Returns { result, done }: `result` fills in as the session goes (for diagnostics on a timeout),
  // `done` resolves with it when the socket has closed or the deadline has passed.
  function start(SockJS, spec) {
    var began = Date.now();
    var messages = (spec.messages || []).map(fromHex);
    var result = {
      url: spec.url,
      requestedTransports: spec.transports || null,
      opened: false,
      transport: null,
      sent: 0,
      received: [],
      close: null,
      error: null,
      timedOut: false,
      log: []
    };
    function note(what) {
      result.log.push('+' + (Date.now() - began) + 'ms ' + what);
    }

    var done = new Promise(function (resolve) {
      var finished = false;
      var sock = null;
      function finish() {
        if (!finished) {
          finished = true;
          clearTimeout(timer);
          resolve(result);
        }
      }
      var timer = setTimeout(function () {
        result.timedOut = true;
        note('deadline of ' + spec.deadlineMs + 'ms passed (readyState ' + (sock ? sock.readyState : 'none') + ')');
        try {
          if (sock) {
            sock.close();
          }
        } catch (e) {
          note('close after deadline threw: ' + e);
        }
        finish();
      }, spec.deadlineMs);

      var options = { timeout: spec.connectTimeoutMs };
      if (spec.transports) {
        options.transports = spec.transports;
      }
      try {
        sock = new SockJS(spec.url, null, options);
      } catch (e) {
        result.error = 'new SockJS threw: ' + e;
        finish();
        return;
      }
      sock.onopen = function () {
        result.opened = true;
        result.transport = sock.transport;
        note('open over ' + sock.transport);
        try {
          messages.forEach(function (m) {
            sock.send(m);
            result.sent++;
          });
        } catch (e) {
          result.error = 'send threw: ' + e;
          note(result.error);
        }
      };
      sock.onmessage = function (e) {
        var data = typeof e.data === 'string' ? e.data : String(e.data);
        result.received.push(toHex(data));
        note('message #' + result.received.length + ' (' + data.length + ' UTF-16 units)');
        if (messages.length > 0 && result.received.length === messages.length) {
          note('all ' + messages.length + ' messages back, closing');
          sock.close();
        }
      };
      sock.onclose = function (e) {
        result.close = { code: e.code, reason: e.reason, wasClean: e.wasClean };
        note('close ' + e.code + ' ' + JSON.stringify(e.reason));
        finish();
      };
    });

    return { result: result, done: done };
  }

  return { start: start, toHex: toHex, fromHex: fromHex };
});
