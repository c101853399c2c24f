package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"motcua/server/auth"
	"motcua/server/contract"
	"motcua/server/hub"
)

// Websocket timing, as in gotify's client writer: a ping every pingPeriod,
// a peer that has not answered within pongWait is gone, and no write may
// take longer than writeWait.
const (
	writeWait  = 10 * time.Second
	pongWait   = 60 * time.Second
	pingPeriod = pongWait * 9 / 10
	// sendBuffer is how many events a connection may fall behind before it
	// is dropped (it then resumes from the store).
	sendBuffer = 256
	// replayPage is how many stored events are read at a time on resume.
	replayPage = 500
)

var upgrader = websocket.Upgrader{
	ReadBufferSize:  1024,
	WriteBufferSize: 4096,
	// The default CheckOrigin refuses cross-site pages, which protects
	// cookie sessions from cross-site websocket hijacking.
}

// serveWS streams events: first those after ?since= from the store, then
// live ones. Subscribing to the hub before reading the store is what makes
// the hand-over gap-free; duplicates are dropped by sequence number.
func (a *API) serveWS(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	since := int64(-1)
	if v := r.URL.Query().Get("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return badRequest("since phải là số không âm / since must be a non-negative integer")
		}
		since = n
	}
	sub := a.Hub.Subscribe(sendBuffer)
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		a.Hub.Unsubscribe(sub)
		return nil // the upgrader has already answered
	}
	token, _ := credentials(r, true)
	s := &wsSession{api: a, conn: conn, sub: sub, token: token, who: p, kick: make(chan struct{})}
	a.sessions().add(s)
	// A revocation that committed between the route's check and add above
	// was not seen by Revoked: look once more now that it would be.
	if _, err := a.Auth.Authenticate(r.Context(), token); err != nil {
		s.kickOnce.Do(func() { close(s.kick) })
	}
	go s.run(since)
	return nil
}

type wsSession struct {
	api   *API
	conn  *websocket.Conn
	sub   *hub.Sub
	token string
	who   auth.Principal
	last  int64
	// kick is closed when the session's credential is revoked.
	kick     chan struct{}
	kickOnce sync.Once
}

func (s *wsSession) run(since int64) {
	defer s.conn.Close()
	defer s.api.sessions().remove(s)
	defer s.api.Hub.Unsubscribe(s.sub)
	gone := make(chan struct{})
	go s.readPump(gone)
	if err := s.start(since); err != nil {
		return
	}
	s.writePump(gone)
}

// readPump discards what the client sends (nothing is expected) and keeps
// the read deadline moving with each pong.
func (s *wsSession) readPump(gone chan<- struct{}) {
	defer close(gone)
	s.conn.SetReadLimit(4096)
	s.conn.SetReadDeadline(time.Now().Add(pongWait))
	s.conn.SetPongHandler(func(string) error { return s.conn.SetReadDeadline(time.Now().Add(pongWait)) })
	for {
		if _, _, err := s.conn.NextReader(); err != nil {
			return
		}
	}
}

// start replays stored events after since, or asks the client to resync
// when they are no longer kept.
func (s *wsSession) start(since int64) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if since < 0 {
		s.last = -1 // live only: everything the hub sends from now on
		return nil
	}
	s.last = since
	for {
		evs, oldest, err := s.api.DB.EventsSince(ctx, s.last, replayPage, s.api.Engine.Location())
		if err != nil {
			return err
		}
		if oldest > s.last+1 || len(evs) == 0 && s.ahead(ctx) {
			return s.resync(ctx)
		}
		for _, ev := range evs {
			if err := s.write(ev.Event.Seq, ev.Wire); err != nil {
				return err
			}
		}
		if len(evs) < replayPage {
			return nil
		}
	}
}

// ahead tells whether the client claims events the server never wrote (its
// database was replaced): it must start again from a snapshot.
func (s *wsSession) ahead(ctx context.Context) bool {
	var max int64
	s.api.DB.Reader().QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM events").Scan(&max)
	return s.last > max
}

func (s *wsSession) resync(ctx context.Context) error {
	msg, _ := json.Marshal(contract.Event{V: contract.ProtocolVersion, Type: contract.ControlResync, At: s.api.now(), Data: json.RawMessage("{}")})
	s.last = -1 // accept whatever the hub sends next
	return s.send(msg)
}

func (s *wsSession) writePump(gone <-chan struct{}) {
	ping := time.NewTicker(pingPeriod)
	defer ping.Stop()
	for {
		select {
		case m, ok := <-s.sub.C:
			if !ok {
				s.closeSlow()
				return
			}
			if err := s.deliver(m); err != nil {
				return
			}
		case <-ping.C:
			if !s.stillAllowed() {
				s.conn.WriteControl(websocket.CloseMessage,
					websocket.FormatCloseMessage(websocket.ClosePolicyViolation, "credentials revoked or expired"), time.Now().Add(time.Second))
				return
			}
			s.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := s.conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
		case <-gone:
			return
		case <-s.kick:
			s.conn.WriteControl(websocket.CloseMessage,
				websocket.FormatCloseMessage(websocket.ClosePolicyViolation, "credentials revoked"), time.Now().Add(time.Second))
			return
		case <-s.api.Shutdown:
			s.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "server stopping"), time.Now().Add(time.Second))
			return
		}
	}
}

// stillAllowed re-checks the connection's credentials at every ping: the
// safety net behind Revoked, for a change made by another process (the
// command line), which this server hears of only through the store.
func (s *wsSession) stillAllowed() bool {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := s.api.Auth.Authenticate(ctx, s.token)
	return err == nil
}

// deliver sends a live event unless the replay already did; a gap (which
// the subscribe-then-replay order rules out) is filled from the store.
func (s *wsSession) deliver(m hub.Message) error {
	if s.last >= 0 && m.Seq <= s.last {
		return nil
	}
	if s.last >= 0 && m.Seq > s.last+1 {
		if err := s.start(s.last); err != nil {
			return err
		}
		if m.Seq <= s.last {
			return nil
		}
	}
	return s.write(m.Seq, m.Wire)
}

func (s *wsSession) write(seq int64, wire []byte) error {
	if err := s.send(wire); err != nil {
		return err
	}
	s.last = seq
	return nil
}

// send writes one message in one frame.
func (s *wsSession) send(b []byte) error {
	s.conn.SetWriteDeadline(time.Now().Add(writeWait))
	return s.conn.WriteMessage(websocket.TextMessage, b)
}

// closeSlow tells a dropped client why, so it reconnects with since=.
func (s *wsSession) closeSlow() {
	if !s.sub.Dropped() {
		return
	}
	s.conn.WriteControl(websocket.CloseMessage,
		websocket.FormatCloseMessage(websocket.CloseTryAgainLater, "too slow, resume with since"), time.Now().Add(time.Second))
}

// wsSessions is the set of open websocket sessions, so a revoked credential
// can close the connections made with it at once.
type wsSessions struct {
	mu  sync.Mutex
	set map[*wsSession]struct{}
}

func (ss *wsSessions) add(s *wsSession) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.set == nil {
		ss.set = map[*wsSession]struct{}{}
	}
	ss.set[s] = struct{}{}
}

func (ss *wsSessions) remove(s *wsSession) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.set, s)
}

// sessions is the API's set of open websocket sessions.
func (a *API) sessions() *wsSessions {
	a.wsOnce.Do(func() { a.ws = &wsSessions{} })
	return a.ws
}

// Revoked closes, at once and with close code 1008, every websocket opened
// with a credential that has just stopped working: a revoked or re-issued
// device token, an ended session, or any session of a user whose sessions
// all ended. The server wires it to auth.Service.OnRevoke; it does not
// block.
func (a *API) Revoked(r auth.Revoked) {
	ss := a.sessions()
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for s := range ss.set {
		if revokes(r, s.who) {
			s.kickOnce.Do(func() { close(s.kick) })
		}
	}
}

// revokes tells whether r ends the credential of p.
func revokes(r auth.Revoked, p auth.Principal) bool {
	if p.Device {
		return slices.Contains(r.Devices, p.Name)
	}
	if slices.Contains(r.Users, p.Name) {
		return true
	}
	return slices.ContainsFunc(r.Sessions, func(h []byte) bool { return len(p.TokenHash) > 0 && bytes.Equal(h, p.TokenHash) })
}

// OpenSessions is how many websocket sessions are open, for tests and
// diagnostics.
func (a *API) OpenSessions() int {
	ss := a.sessions()
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return len(ss.set)
}
