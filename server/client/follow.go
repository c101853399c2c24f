package client

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"motcua/server/contract"
)

// Reconnection timing: the first retry comes quickly (a server restart takes
// a second or two), later ones back off to MaxBackoff with jitter so a hall
// of screens does not reconnect in lockstep.
const (
	MinBackoff = 250 * time.Millisecond
	MaxBackoff = 10 * time.Second
	// readWait is how long the follower waits for any frame (events or the
	// server's pings, every 54 s) before it declares the link dead.
	readWait = 75 * time.Second
)

// Handler receives what a follower sees. Its methods are called from the
// follower's goroutine, one at a time, in order.
type Handler interface {
	// Event is called once for every event, in sequence order.
	Event(ev contract.Event)
	// Resync is called when the server no longer has the events after the
	// last one seen: reload GET /state; events keep coming after it. Events
	// already contained in the reloaded state (seq ≤ State.Seq) may still
	// arrive and must be skipped by seq, as the board's model does.
	Resync()
	// Connected is called when the link comes up (true) or goes down
	// (false, with the reason).
	Connected(up bool, err error)
}

// Follow streams events after since until ctx ends, reconnecting as needed
// and resuming after the last event delivered. Since < 0 means live events
// only. It returns ctx's error.
func (c *Client) Follow(ctx context.Context, since int64, h Handler) error {
	last := since
	backoff := MinBackoff
	for first := true; ; first = false {
		delivered, err := c.followOnce(ctx, &last, h, !first)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		h.Connected(false, err)
		if delivered {
			backoff = MinBackoff
		}
		wait := backoff/2 + rand.N(backoff/2+1)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		backoff = min(backoff*2, MaxBackoff)
	}
}

// wsURL is the event stream's address.
func (c *Client) wsURL(since int64) string {
	u := *c.base
	u.Scheme = strings.Replace(u.Scheme, "http", "ws", 1)
	u.Path += contract.APIPrefix + "/ws"
	if since >= 0 {
		u.RawQuery = "since=" + strconv.FormatInt(since, 10)
	}
	return u.String()
}

// followOnce runs one connection. It reports whether the connection came
// up, so the backoff resets after a good link.
func (c *Client) followOnce(ctx context.Context, last *int64, h Handler, again bool) (bool, error) {
	hdr := http.Header{}
	if c.token != "" {
		hdr.Set("Authorization", "Bearer "+c.token)
	}
	conn, resp, err := c.dialer().DialContext(ctx, c.wsURL(*last), hdr)
	if err != nil {
		if resp != nil && resp.StatusCode >= 400 {
			return false, decodeError(resp)
		}
		return false, c.explainTLS(err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	h.Connected(true, nil)
	if again && *last < 0 {
		// Reconnected without a position to resume from: what happened
		// while down is only in a fresh snapshot.
		h.Resync()
	}
	conn.SetReadLimit(64 << 20)
	conn.SetPingHandler(func(data string) error {
		conn.SetReadDeadline(time.Now().Add(readWait))
		return conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(5*time.Second))
	})
	for {
		conn.SetReadDeadline(time.Now().Add(readWait))
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return true, err
		}
		var ev contract.Event
		if err := json.Unmarshal(msg, &ev); err != nil || ev.V != contract.ProtocolVersion {
			continue // not a message of this protocol version: skip rather than misread
		}
		if ev.Type == contract.ControlResync {
			*last = -1
			h.Resync()
			continue
		}
		if *last >= 0 && ev.Seq <= *last {
			continue
		}
		*last = ev.Seq
		h.Event(ev)
	}
}

// HandlerFuncs adapts plain functions to Handler; nil functions are skipped.
type HandlerFuncs struct {
	OnEvent     func(contract.Event)
	OnResync    func()
	OnConnected func(up bool, err error)
}

// Event calls OnEvent.
func (f HandlerFuncs) Event(ev contract.Event) {
	if f.OnEvent != nil {
		f.OnEvent(ev)
	}
}

// Resync calls OnResync.
func (f HandlerFuncs) Resync() {
	if f.OnResync != nil {
		f.OnResync()
	}
}

// Connected calls OnConnected.
func (f HandlerFuncs) Connected(up bool, err error) {
	if f.OnConnected != nil {
		f.OnConnected(up, err)
	}
}
