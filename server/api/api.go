// Package api is the server's JSON API over HTTP and its websocket event
// stream. Every route is declared once in routes.go with the roles that may
// call it; the wrapper here authenticates, enforces roles and CSRF, limits
// the body, turns every error into {"error":{…}} with a 4xx status where the
// caller is at fault, and recovers from panics so no request can bring the
// server down.
package api

import (
	"bufio"
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"motcua/server/auth"
	"motcua/server/coded"
	"motcua/server/contract"
	"motcua/server/hub"
	"motcua/server/queue"
	"motcua/server/safetext"
	"motcua/server/store"
)

// SessionCookie is the browser session's cookie name.
const SessionCookie = "motcua_session"

// CSRFHeader carries the session's anti-forgery token on state-changing calls.
const CSRFHeader = "X-CSRF-Token"

// defaultMaxBody bounds a request body; no JSON request is near it.
const defaultMaxBody = 64 << 10

// API serves the JSON API.
type API struct {
	Engine *queue.Engine
	Auth   *auth.Service
	Hub    *hub.Hub
	DB     *store.DB
	Log    *slog.Logger
	// Shutdown ends websocket sessions when the server stops.
	Shutdown <-chan struct{}
	// Problems, when set, lists what is wrong with the server's data (its
	// database file gone, writes failing, backups failing): the health
	// endpoint then answers 503 "degraded" with them. detailed adds paths
	// and error texts, which only staff and admins are shown (the endpoint
	// is public, and the LAN has public Wi-Fi next to it).
	Problems func(detailed bool) []contract.HealthProblem

	wsOnce sync.Once
	ws     *wsSessions
}

// handlerFunc is a route's body: it returns an error instead of writing one.
type handlerFunc func(w http.ResponseWriter, r *http.Request, p auth.Principal) error

// Route is one endpoint with the roles allowed to call it (none: anyone).
type Route struct {
	Method  string
	Pattern string
	Roles   []string
	MaxBody int64
	h       handlerFunc
}

// Handler returns the API's http.Handler.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range a.Routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, a.wrap(rt))
	}
	return jsonNotFound(mux)
}

func (a *API) wrap(rt Route) http.Handler {
	maxBody := rt.MaxBody
	if maxBody == 0 {
		maxBody = defaultMaxBody
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				a.Log.Error("panic in handler", "route", rt.Pattern, "panic", fmt.Sprint(v))
				writeError(w, &coded.Error{Code: contract.CodeInternal, Message: "Lỗi máy chủ / internal error"})
			}
		}()
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		p, err := a.authorize(r, rt)
		if err == nil {
			err = rt.h(w, r, p)
		}
		if err != nil {
			a.fail(w, r, err)
		}
	})
}

// authorize finds the caller and checks the route's roles and, for browser
// sessions, the CSRF token.
func (a *API) authorize(r *http.Request, rt Route) (auth.Principal, error) {
	token, cookie := credentials(r, rt.Pattern == contract.APIPrefix+"/ws")
	if token == "" {
		if len(rt.Roles) > 0 {
			return auth.Principal{}, auth.ErrNoAuth
		}
		return auth.Principal{}, nil
	}
	p, err := a.Auth.Authenticate(r.Context(), token)
	if err != nil {
		if len(rt.Roles) == 0 {
			return auth.Principal{}, nil
		}
		return p, err
	}
	if len(rt.Roles) > 0 && !p.Is(rt.Roles...) {
		return p, &coded.Error{Code: contract.CodeForbidden,
			Message: "Tài khoản này không có quyền thực hiện thao tác này / not allowed for this role"}
	}
	// CSRF guards what a session may do; a public route (signing in, with a
	// stale cookie still in the browser) does not act as the session.
	if cookie && len(rt.Roles) > 0 && !safeMethod(r.Method) {
		got := r.Header.Get(CSRFHeader)
		if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(p.CSRF)) != 1 {
			return p, &coded.Error{Code: contract.CodeCSRF,
				Message: "Phiên làm việc không hợp lệ, hãy tải lại trang / missing or wrong CSRF token, reload the page"}
		}
	}
	if !cookie {
		p.CSRF = "" // bearer callers are not exposed to cross-site requests
	}
	return p, nil
}

// credentials finds the caller's token: a bearer header, the session
// cookie, or (for websockets, which browsers cannot give headers) ?token=.
func credentials(r *http.Request, ws bool) (token string, cookie bool) {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")), false
	}
	if ws {
		if t := r.URL.Query().Get("token"); t != "" {
			return t, false
		}
	}
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		return c.Value, true
	}
	return "", false
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// fail writes err as the API's error body and logs what is the server's fault.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *coded.Error
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &ae):
		if StatusOf(ae.Code) >= 500 {
			a.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		}
	case errors.As(err, &tooBig):
		ae = &coded.Error{Code: contract.CodeTooLarge,
			Message: fmt.Sprintf("Dữ liệu gửi lên quá lớn (tối đa %d byte) / request body too large", tooBig.Limit)}
	case errors.Is(err, store.ErrClosed), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		ae = &coded.Error{Code: contract.CodeUnavailable,
			Message: "Máy chủ đang bận hoặc đang dừng, xin thử lại / server busy or stopping, try again"}
	default:
		a.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		ae = &coded.Error{Code: contract.CodeInternal,
			Message: "Lỗi máy chủ, xin thử lại / internal error, try again"}
	}
	setRetryAfter(w, err)
	writeError(w, ae)
}

// retryAfter is an error that says when to try again (auth.RetryError).
type retryAfter interface{ RetryAfter() int }

// setRetryAfter sets Retry-After for an error that says when to try again.
func setRetryAfter(w http.ResponseWriter, err error) {
	var ra retryAfter
	if errors.As(err, &ra) {
		w.Header().Set("Retry-After", strconv.Itoa(ra.RetryAfter()))
	}
}

func writeError(w http.ResponseWriter, ce *coded.Error) {
	status := StatusOf(ce.Code)
	writeJSON(w, status, contract.ErrorBody{Error: contract.APIError{Status: status, Code: ce.Code, Message: ce.Message, Details: ce.Details}})
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// decode reads exactly one JSON value into v, refusing unknown fields so a
// misspelt field is an error and not a silent default, a key given twice
// (which encoding/json would resolve silently, last one wins), and text
// with control characters or bidirectional overrides.
func decode(r *http.Request, v any) error {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return badJSON(err)
	}
	if err := safetext.CheckJSON(data); err != nil {
		return badRequest("Dữ liệu không hợp lệ: " + err.Error())
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badJSON(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("Chỉ gửi một đối tượng JSON / send exactly one JSON value")
	}
	return nil
}

func badJSON(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return err
	}
	if errors.Is(err, io.EOF) {
		return badRequest("Thiếu nội dung JSON / request body is empty")
	}
	return badRequest("JSON không hợp lệ: " + err.Error() + " / invalid JSON")
}

func badRequest(msg string) error {
	return &coded.Error{Code: contract.CodeBadRequest, Message: msg}
}

// A refusal for going over the sign-in rate (or finding the password
// checks busy) is held back for holdFor before it is sent, so a script that signs in as fast as it is answered
// sends a few requests a second instead of thousands, and the tickets being
// issued meanwhile keep their pace. At most maxHeld are held at once (a
// goroutine and a connection each); past that the refusal goes at once.
const (
	holdFor = time.Second
	maxHeld = 256
)

var held = make(chan struct{}, maxHeld)

// holdBack waits holdFor if err is a rate or busy refusal and there is room.
func holdBack(ctx context.Context, err error) {
	if c := coded.Code(err); c != contract.CodeRateLimited && c != contract.CodeUnavailable {
		return
	}
	select {
	case held <- struct{}{}:
	default:
		return
	}
	defer func() { <-held }()
	t := time.NewTimer(holdFor)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// jsonBody refuses a body that does not say it is JSON. Browsers send
// forms and text/plain across sites without asking; application/json from
// another site needs a CORS preflight, which this server never grants.
func jsonBody(r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return &coded.Error{Code: contract.CodeMediaType,
			Message: "Nội dung phải là JSON (Content-Type: application/json) / the body must be application/json"}
	}
	return nil
}

// errCrossSite refuses a browser request sent from another site.
var errCrossSite = &coded.Error{Code: contract.CodeCSRF,
	Message: "Yêu cầu từ trang web khác bị từ chối / cross-site request refused"}

// sameOrigin refuses a browser request made by a page of another site:
// Sec-Fetch-Site, when the browser sends it, must say same-origin (or none:
// typed by the user), and Origin, when present, must be this server as the
// browser reached it. Programs send neither and are let through; they hold
// their own credentials and no browser acts for them.
func sameOrigin(r *http.Request) error {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return errCrossSite
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return nil
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != scheme || !strings.EqualFold(u.Host, r.Host) || u.Path != "" || u.User != nil {
		return errCrossSite
	}
	return nil
}

// clientKey names the caller's address for the sign-in rate limit: the
// peer's IP (X-Forwarded-For is not trusted: anyone can write it, and no
// proxy stands in front of the appliance), an IPv6 caller's /64 network,
// since one machine there can take any address in it.
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// counterParam reads {n} as a counter number.
func counterParam(r *http.Request) (int, error) {
	raw := r.PathValue("n")
	n, err := strconv.Atoi(raw)
	// Only the canonical spelling: "+1" and "01" would be the same counter
	// under another name in the audit log and in any cache keyed by path.
	if err != nil || n < 1 || n > 999 || strconv.Itoa(n) != raw {
		return 0, badRequest("Số quầy phải từ 1 đến 999 / counter must be 1–999")
	}
	return n, nil
}

func actor(p auth.Principal) queue.Actor { return queue.Actor{Name: p.Name, Role: p.Role} }

// jsonNotFound answers unknown paths and wrong methods with the API's error
// body instead of the mux's plain text.
func jsonNotFound(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&errorRewriter{ResponseWriter: w}, r)
	})
}

type errorRewriter struct {
	http.ResponseWriter
	swallow bool
}

func (e *errorRewriter) WriteHeader(code int) {
	plain := strings.HasPrefix(e.Header().Get("Content-Type"), "text/plain")
	if plain && (code == http.StatusNotFound || code == http.StatusMethodNotAllowed) {
		e.swallow = true
		ae := &coded.Error{Code: contract.CodeNotFound, Message: "Không có địa chỉ này / no such endpoint"}
		if code == http.StatusMethodNotAllowed {
			ae.Code, ae.Message = contract.CodeMethod, "Phương thức không được hỗ trợ / method not allowed"
		}
		e.Header().Del("X-Content-Type-Options")
		writeError(e.ResponseWriter, ae)
		return
	}
	e.ResponseWriter.WriteHeader(code)
}

func (e *errorRewriter) Write(b []byte) (int, error) {
	if e.swallow {
		return len(b), nil
	}
	return e.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (e *errorRewriter) Unwrap() http.ResponseWriter { return e.ResponseWriter }

// Hijack hands the connection to the websocket upgrader.
func (e *errorRewriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(e.ResponseWriter).Hijack()
}

// now is a helper for handlers that need the engine's time.
func (a *API) now() time.Time { return a.Engine.Now() }
