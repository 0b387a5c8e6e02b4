'use strict';

// Runs the sessions of window.__config (set by browser-run.js before the page loads) one after
// the other and publishes them: window.__progress while they run, window.__result when all are done.
(function () {
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
      var run = window.sockjsEchoSession.start(window.SockJS, spec);
      window.__progress.push(run.result);
      return run.done;
    });
  });
  chain.then(
    function () { window.__result = { sessions: window.__progress }; },
    function (e) { window.__result = { error: 'session runner failed: ' + e, sessions: window.__progress }; });
})();
