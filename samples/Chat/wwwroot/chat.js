'use strict';

// The chat page: one SockJS connection to this edge's /realtime and one channel, chat:<room>, per joined
// room. The name, the joined rooms and the room on screen live in sessionStorage, so a reload rejoins
// them (each tab is its own member); a reload gets the room's messages back from its history, a
// reconnect resumes each room from the last offset it saw.
(function () {
  const NS = 'chat:';
  const HISTORY = 100;
  const KEEP = 500;
  const $ = (id) => document.getElementById(id);

  const saved = JSON.parse(sessionStorage.getItem('chat') || '{}');
  let name = saved.name || '';
  let active = saved.active || null;
  // room -> { lines: [{ offset?, data?, note?, kind? }], members: Map(client -> name), epoch, offset }
  const rooms = new Map();
  for (const room of saved.rooms || []) {
    rooms.set(room, newRoom());
  }

  let sock = null;
  let clientId = null;
  let connected = false;
  let reconnect = true;
  let retries = 0;
  let nextId = 1;
  const pending = new Map();

  function newRoom() {
    return { lines: [], members: new Map(), epoch: null, offset: 0 };
  }

  function save() {
    sessionStorage.setItem('chat', JSON.stringify({ name, rooms: [...rooms.keys()], active }));
  }

  function setStatus(text) {
    $('status').textContent = text;
  }

  function request(op, fields) {
    if (!sock || sock.readyState !== SockJS.OPEN) {
      return Promise.resolve({ error: { code: 0, message: 'not connected' } });
    }
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      sock.send(JSON.stringify(Object.assign({ id, op }, fields)));
    });
  }

  function open() {
    setStatus('connecting…');
    sock = new SockJS(location.origin + '/realtime');
    sock.onopen = async () => {
      retries = 0;
      const reply = await request('connect', { name: 'chat-page' });
      if (!reply.ok) {
        setStatus('refused: ' + reply.error.message);
        return;
      }
      clientId = reply.ok.client;
      connected = true;
      setStatus('connected over ' + sock.transport);
      render();
      for (const room of rooms.keys()) {
        subscribe(room);
      }
    };
    sock.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (typeof m.id === 'number' && pending.has(m.id)) {
        const resolve = pending.get(m.id);
        pending.delete(m.id);
        resolve(m);
      } else if (typeof m.push === 'string') {
        onPush(m);
      }
    };
    sock.onclose = (e) => {
      connected = false;
      for (const resolve of pending.values()) {
        resolve({ error: { code: 0, message: 'connection closed' } });
      }
      pending.clear();
      render();
      if (!reconnect) {
        setStatus('disconnected: ' + e.reason);
        return;
      }
      // Back off so that a restarting edge is not hammered; any edge of the cluster will do.
      const delay = Math.min(10000, 500 * Math.pow(2, retries++));
      setStatus('reconnecting in ' + Math.round(delay / 1000) + ' s (' + e.code + ' ' + e.reason + ')');
      setTimeout(open, delay);
    };
  }

  async function subscribe(room) {
    const state = rooms.get(room);
    const channel = NS + room;
    const fields = { channel, presence: { name } };
    if (state.epoch) {
      fields.since = { epoch: state.epoch, offset: state.offset };
    }
    const reply = await request('subscribe', fields);
    if (rooms.get(room) !== state) {
      return;
    }
    if (reply.error) {
      if (reply.error.code !== 0) {
        note(room, 'could not join ' + room + ': ' + reply.error.message + ' (' + reply.error.code + ')', 'refused');
      }
      return;
    }
    if (reply.ok.recovered) {
      reply.ok.publications.forEach((p) => add(state, p));
    } else {
      // Nothing to resume from (first join, reload) or too much missed: start over from the history.
      state.lines = [];
      state.epoch = reply.ok.epoch;
      state.offset = reply.ok.offset;
      const history = await request('history', { channel, limit: HISTORY });
      if (history.ok && rooms.get(room) === state) {
        history.ok.publications.forEach((p) => add(state, p));
      }
    }
    const presence = await request('presence', { channel });
    if (presence.ok && rooms.get(room) === state) {
      state.members = new Map(presence.ok.members.map((m) => [m.client, memberName(m)]));
    }
    render();
  }

  function add(state, publication) {
    const lines = state.lines;
    if (lines.some((l) => l.offset === publication.offset)) {
      return;
    }
    // History can arrive after pushes that follow it: keep publications in offset order.
    const last = lines.findLastIndex((l) => l.offset !== undefined);
    const at = last < 0 || lines[last].offset < publication.offset
      ? lines.length
      : lines.findIndex((l) => l.offset !== undefined && l.offset > publication.offset);
    lines.splice(at, 0, { offset: publication.offset, data: publication.data });
    state.offset = Math.max(state.offset, publication.offset);
    if (lines.length > KEEP) {
      lines.splice(0, lines.length - KEEP);
    }
  }

  function note(room, text, kind) {
    const state = rooms.get(room);
    if (!state) {
      return;
    }
    state.lines.push({ note: text, kind: kind || 'system' });
    render();
  }

  function roomOf(channel) {
    return channel && channel.startsWith(NS) ? channel.slice(NS.length) : null;
  }

  function memberName(member) {
    return (member.data && member.data.name) || member.user || '(anonymous)';
  }

  function onPush(m) {
    if (m.push === 'disconnect') {
      reconnect = m.reconnect;
      return;
    }
    const room = roomOf(m.channel);
    const state = rooms.get(room);
    if (!state) {
      return;
    }
    if (m.push === 'message') {
      add(state, m);
      render();
    } else if (m.push === 'join') {
      const known = state.members.has(m.member.client);
      state.members.set(m.member.client, memberName(m.member));
      if (!known && m.member.client !== clientId) {
        note(room, memberName(m.member) + ' joined');
      }
      render();
    } else if (m.push === 'leave') {
      const left = state.members.get(m.member.client);
      state.members.delete(m.member.client);
      if (left && m.member.client !== clientId) {
        note(room, left + ' left');
      }
      render();
    } else if (m.push === 'unsubscribed') {
      note(room, 'the server ended the subscription (' + m.code + ' ' + m.reason + '), rejoining');
      setTimeout(() => { if (rooms.get(room) === state && connected) subscribe(room); }, 1000);
    }
  }

  async function send(text) {
    const room = active;
    if (text.startsWith('/whois')) {
      const asked = text.slice('/whois'.length).trim();
      await whois(room, asked);
      return;
    }
    const reply = await request('publish', { channel: NS + room, data: { text } });
    if (reply.error) {
      note(room, 'refused (' + reply.error.code + '): ' + reply.error.message, 'refused');
    }
  }

  async function whois(room, asked) {
    const data = { room };
    if (asked) {
      data.name = asked;
    }
    const reply = await request('rpc', { method: NS + 'whois', data });
    if (reply.error) {
      note(room, 'whois failed (' + reply.error.code + '): ' + reply.error.message, 'refused');
    } else if (!asked) {
      const names = reply.ok.data.members.map((m) => m.name + (m.connections > 1 ? ' ×' + m.connections : ''));
      note(room, 'in ' + room + ': ' + (names.length ? names.join(', ') : 'nobody'), 'whois');
    } else if (!reply.ok.data.present) {
      note(room, asked + ' is not in ' + room, 'whois');
    } else {
      const edges = [...new Set(reply.ok.data.connections.map((c) => c.edge))];
      note(room, asked + ' is in ' + room + ' with ' + reply.ok.data.connections.length + ' connection(s) on ' + edges.join(', '), 'whois');
    }
  }

  function render() {
    $('name').value = name || $('name').value;
    $('name').disabled = rooms.size > 0;

    const roomList = $('rooms');
    roomList.replaceChildren(...[...rooms.keys()].map((room) => {
      const li = document.createElement('li');
      li.dataset.room = room;
      li.className = room === active ? 'active' : '';
      const openButton = document.createElement('button');
      openButton.className = 'room-open';
      openButton.textContent = room;
      openButton.onclick = () => { active = room; save(); render(); };
      const leaveButton = document.createElement('button');
      leaveButton.className = 'room-leave';
      leaveButton.title = 'leave ' + room;
      leaveButton.textContent = '×';
      leaveButton.onclick = () => leave(room);
      li.append(openButton, leaveButton);
      return li;
    }));

    const state = active ? rooms.get(active) : null;
    $('room-title').textContent = state ? active : 'Join a room to start';
    $('text').disabled = $('send').disabled = !(state && connected);

    const list = $('messages');
    list.replaceChildren(...(state ? state.lines : []).map((line) => {
      const li = document.createElement('li');
      if (line.note !== undefined) {
        li.className = line.kind;
        li.textContent = line.note;
        return li;
      }
      const data = line.data || {};
      li.className = 'message';
      li.dataset.offset = line.offset;
      li.dataset.time = data.time || '';
      const time = document.createElement('time');
      time.dateTime = data.time || '';
      time.textContent = data.time ? new Date(data.time).toLocaleTimeString() : '';
      const from = document.createElement('span');
      from.className = 'name';
      from.textContent = data.name || '?';
      const body = document.createElement('span');
      body.className = 'text';
      body.textContent = typeof data.text === 'string' ? data.text : JSON.stringify(data);
      li.append(time, from, body);
      return li;
    }));
    list.scrollTop = list.scrollHeight;

    const members = new Map();
    for (const [client, member] of state ? state.members : []) {
      const entry = members.get(member) || { count: 0, you: false };
      entry.count++;
      entry.you = entry.you || client === clientId;
      members.set(member, entry);
    }
    $('members').replaceChildren(...[...members.keys()].sort().map((member) => {
      const li = document.createElement('li');
      li.className = 'member';
      li.dataset.name = member;
      li.title = 'whois ' + member;
      li.textContent = member + (members.get(member).count > 1 ? ' ×' + members.get(member).count : '');
      if (members.get(member).you) {
        const you = document.createElement('span');
        you.className = 'you';
        you.textContent = ' (you)';
        li.append(you);
      }
      li.onclick = () => whois(active, member);
      return li;
    }));
  }

  async function leave(room) {
    rooms.delete(room);
    if (active === room) {
      active = rooms.keys().next().value || null;
    }
    save();
    render();
    await request('unsubscribe', { channel: NS + room });
  }

  $('join-form').onsubmit = (e) => {
    e.preventDefault();
    name = name || $('name').value.trim();
    const room = $('room').value.trim().replace(/^chat:/, '');
    if (!name || !room) {
      return;
    }
    if (!rooms.has(room)) {
      rooms.set(room, newRoom());
      if (connected) {
        subscribe(room);
      }
    }
    active = room;
    save();
    render();
  };

  $('send-form').onsubmit = (e) => {
    e.preventDefault();
    const text = $('text').value.trim();
    if (text && active) {
      $('text').value = '';
      send(text);
    }
  };

  render();
  open();
})();
