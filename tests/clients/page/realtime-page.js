'use strict';

// Runs the realtime-protocol scenarios of window.__config.sessions (set by browser-run.js before the
// page loads) one after the other with sockjs-client, and publishes them: window.__progress while
// they run, window.__result when all are done.
//
// A scenario: { url, transports (null for the client's default list), connectTimeoutMs, stepTimeoutMs,
// deadlineMs, steps }. Steps run in order; each acts on a named socket, opened by its first step:
//   { name, socket, request: { op, ... } }      sends the request (the page adds "id") and waits for its reply
//   { name, socket, awaitPush: "message", channel } waits for a push of that kind on that channel that no
//                                                   earlier step took (pushes that came first count)
// A step without an answer within stepTimeoutMs, or a socket that closes under it, ends the scenario
// with "error"; later steps do not run. Every socket is closed at the end.
//
// Result per scenario: { url, steps: [{ name, socket, request, reply } | { name, socket, awaitPush, channel, push }],
//   sockets: { <name>: { transport, pushes, close, stray } }, error, log }
(function () {
  function start(SockJS, spec) {
    var began = Date.now();
    var result = { url: spec.url, steps: [], sockets: {}, error: null, log: [] };
    var sockets = {};

    function note(what) {
      result.log.push('+' + (Date.now() - began) + 'ms ' + what);
    }

    function within(promise, ms, what) {
      return new Promise(function (resolve, reject) {
        var timer = setTimeout(function () { reject(new Error('no ' + what + ' within ' + ms + 'ms')); }, ms);
        promise.then(
          function (value) { clearTimeout(timer); resolve(value); },
          function (e) { clearTimeout(timer); reject(e); });
      });
    }

    function open(name) {
      if (sockets[name]) {
        return sockets[name].opened;
      }
      var state = {
        report: { transport: null, pushes: [], close: null, stray: [] },
        nextId: 1,
        pending: {},
        taken: {},
        listeners: [],
        sock: null
      };
      sockets[name] = state;
      result.sockets[name] = state.report;
      state.opened = new Promise(function (resolve, reject) {
        var options = { timeout: spec.connectTimeoutMs };
        if (spec.transports) {
          options.transports = spec.transports;
        }
        var sock = new SockJS(spec.url, null, options);
        state.sock = sock;
        sock.onopen = function () {
          state.report.transport = sock.transport;
          note(name + ': open over ' + sock.transport);
          resolve(state);
        };
        sock.onmessage = function (e) {
          var message;
          try {
            message = JSON.parse(e.data);
          } catch (x) {
            state.report.stray.push(String(e.data));
            return;
          }
          if (typeof message.id === 'number' && state.pending[message.id]) {
            var waiter = state.pending[message.id];
            delete state.pending[message.id];
            waiter.resolve(message);
          } else if (typeof message.push === 'string') {
            state.report.pushes.push(message);
            note(name + ': push ' + message.push + (message.channel ? ' on ' + message.channel : ''));
            state.listeners.slice().forEach(function (listener) { listener(); });
          } else {
            state.report.stray.push(message);
          }
        };
        sock.onclose = function (e) {
          state.report.close = { code: e.code, reason: e.reason };
          note(name + ': close ' + e.code + ' ' + JSON.stringify(e.reason));
          var closed = new Error(name + ' closed: ' + e.code + ' ' + e.reason);
          reject(closed); // Ignored once open.
          Object.keys(state.pending).forEach(function (id) { state.pending[id].reject(closed); });
          state.pending = {};
          state.listeners.slice().forEach(function (listener) { listener(); });
        };
      });
      return state.opened;
    }

    function send(state, request) {
      var message = Object.assign({ id: state.nextId++ }, request);
      return new Promise(function (resolve, reject) {
        if (state.report.close) {
          reject(new Error('socket closed before the request: ' + state.report.close.code));
          return;
        }
        state.pending[message.id] = { resolve: resolve, reject: reject };
        state.sock.send(JSON.stringify(message));
      }).then(function (reply) { return { message: message, reply: reply }; });
    }

    function nextPush(state, kind, channel) {
      return new Promise(function (resolve, reject) {
        function check() {
          var pushes = state.report.pushes;
          for (var i = 0; i < pushes.length; i++) {
            if (!state.taken[i] && pushes[i].push === kind && (!channel || pushes[i].channel === channel)) {
              state.taken[i] = true;
              stop();
              resolve(pushes[i]);
              return;
            }
          }
          if (state.report.close) {
            stop();
            reject(new Error('socket closed (' + state.report.close.code + ') before a ' + kind + ' push'));
          }
        }
        function stop() {
          var at = state.listeners.indexOf(check);
          if (at >= 0) {
            state.listeners.splice(at, 1);
          }
        }
        state.listeners.push(check);
        check();
      });
    }

    function run(step) {
      var record = { name: step.name, socket: step.socket };
      result.steps.push(record);
      var opened = within(open(step.socket), spec.connectTimeoutMs + 1000, step.socket + ' to open');
      if (step.request) {
        return opened.then(function (state) {
          note(step.name + ': send ' + step.request.op);
          return within(send(state, step.request), spec.stepTimeoutMs, 'reply to ' + step.name);
        }).then(function (exchange) {
          record.request = exchange.message;
          record.reply = exchange.reply;
        });
      }
      record.awaitPush = step.awaitPush;
      record.channel = step.channel || null;
      return opened.then(function (state) {
        return within(nextPush(state, step.awaitPush, step.channel), spec.stepTimeoutMs, step.name);
      }).then(function (push) {
        record.push = push;
      });
    }

    var chain = Promise.resolve();
    spec.steps.forEach(function (step) {
      chain = chain.then(function () { return run(step); });
    });
    var done = within(chain, spec.deadlineMs, 'end of the scenario').then(
      function () { note('all ' + spec.steps.length + ' steps done'); },
      function (e) {
        result.error = String(e && e.message ? e.message : e);
        note('stopped: ' + result.error);
      }).then(function () {
      Object.keys(sockets).forEach(function (name) {
        try {
          if (sockets[name].sock) {
            sockets[name].sock.close();
          }
        } catch (e) {
          note(name + ': close threw ' + e);
        }
      });
      return result;
    });
    return { result: result, done: done };
  }

  var config = window.__config;
  if (!config) {
    window.__result = { error: 'the page was loaded without window.__config' };
    return;
  }
  if (typeof window.SockJS !== 'function') {
    window.__result = { error: 'sockjs-client did not load on the test page' };
    return;
  }
  window.__progress = [];
  var chain = Promise.resolve();
  config.sessions.forEach(function (spec) {
    chain = chain.then(function () {
      var run = start(window.SockJS, spec);
      window.__progress.push(run.result);
      return run.done;
    });
  });
  chain.then(
    function () { window.__result = { sessions: window.__progress }; },
    function (e) { window.__result = { error: 'scenario runner failed: ' + e, sessions: window.__progress }; });
})();
