// Package client is the Go client of the centre server's API, used by the
// kiosk, the display board and the load tool: typed REST calls, and an event
// follower that reconnects by itself and resumes from the last sequence
// number it delivered, so a screen survives a server restart or a network
// cut without missing or repeating a call.
//
// It depends only on the wire contract, so the Fyne programs never link the
// server.
package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"motcua/server/contract"
)

// DefaultTimeout bounds every REST call that has no deadline of its own.
const DefaultTimeout = 10 * time.Second

// Client talks to one server with one credential (a device token or a
// session token).
type Client struct {
	base  *url.URL
	token string
	http  *http.Client
	tls   *tls.Config // nil: the system's roots
	// ticketBase starts the ticket pages' URLs (WithTicketURL); base when empty.
	ticketBase string
}

// New returns a client for the server at baseURL ("http://10.0.0.2:8080",
// or "https://motcua.local" with WithCAFile for the centre's own CA).
func New(baseURL, token string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("client: server URL must be http(s)://host:port, got %q", baseURL)
	}
	c := &Client{base: u, token: token, http: &http.Client{Timeout: DefaultTimeout}}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// CloseIdleConnections closes the keep-alive connections the client's
// transport holds (shared by the clients made with one WithRootCAs).
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// BaseURL is the server's address.
func (c *Client) BaseURL() string { return c.base.String() }

// TicketURL is the public live-position page of a ticket, for its QR code:
// at the address given with WithTicketURL, else at the server's. A kiosk
// puts the centre's public address (CentreInfo.PublicURL) before both, with
// TicketPage.
func (c *Client) TicketURL(id string) string {
	base := c.ticketBase
	if base == "" {
		base = c.base.String()
	}
	return TicketPage(base, id)
}

// TicketPage is the live-position page of ticket id on the server reached
// at base ("http://192.168.1.10"; a trailing slash is ignored).
func TicketPage(base, id string) string {
	return strings.TrimRight(base, "/") + "/t/" + url.PathEscape(id)
}

// do sends a request and decodes a JSON answer into out (when not nil).
// An error answer becomes a *contract.APIError.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base.String()+contract.APIPrefix+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return c.explainTLS(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		return decodeError(resp)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		io.Copy(io.Discard, resp.Body)
		return nil
	}
	return json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(out)
}

func decodeError(resp *http.Response) error {
	var eb contract.ErrorBody
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err := json.Unmarshal(b, &eb); err != nil || eb.Error.Code == "" {
		return &contract.APIError{Status: resp.StatusCode, Code: contract.CodeInternal, Message: strings.TrimSpace(string(b))}
	}
	eb.Error.Status = resp.StatusCode
	return &eb.Error
}

// Do calls an endpoint that has no typed method here (the administration
// calls): path is below /api/v1, in is sent as JSON when not nil, and a
// JSON answer is decoded into out when not nil.
func (c *Client) Do(ctx context.Context, method, path string, in, out any) error {
	return c.do(ctx, method, path, in, out)
}

// Code returns the API error code of err, or "" when err is not an API error
// (a network failure, for instance).
func Code(err error) string {
	var ae *contract.APIError
	if errors.As(err, &ae) {
		return ae.Code
	}
	return ""
}

// Login opens a session and makes the client use it.
func (c *Client) Login(ctx context.Context, username, password string) (contract.Session, error) {
	var s contract.Session
	err := c.do(ctx, http.MethodPost, "/login", contract.LoginRequest{Username: username, Password: password}, &s)
	if err == nil {
		c.token = s.Token
	}
	return s, err
}

// Health pings the server.
func (c *Client) Health(ctx context.Context) error {
	return c.do(ctx, http.MethodGet, "/health", nil, nil)
}

// Catalogue downloads the catalogue.
func (c *Client) Catalogue(ctx context.Context) (contract.Catalogue, error) {
	var cat contract.Catalogue
	return cat, c.do(ctx, http.MethodGet, "/catalogue", nil, &cat)
}

// State downloads the board snapshot.
func (c *Client) State(ctx context.Context) (contract.State, error) {
	var s contract.State
	return s, c.do(ctx, http.MethodGet, "/state", nil, &s)
}

// Issue takes a ticket (kiosk token).
func (c *Client) Issue(ctx context.Context, procedure string, priority contract.Priority) (contract.Ticket, error) {
	var t contract.Ticket
	return t, c.do(ctx, http.MethodPost, "/tickets", contract.IssueTicketRequest{Procedure: procedure, Priority: priority}, &t)
}

// Ticket reads one ticket with its live position.
func (c *Client) Ticket(ctx context.Context, id string) (contract.Ticket, error) {
	var t contract.Ticket
	return t, c.do(ctx, http.MethodGet, "/tickets/"+url.PathEscape(id), nil, &t)
}

// counter posts a counter action.
func (c *Client) counter(ctx context.Context, n int, action string, in any) (contract.Ticket, error) {
	var t contract.Ticket
	return t, c.do(ctx, http.MethodPost, "/counters/"+strconv.Itoa(n)+"/"+action, in, &t)
}

// CallNext calls the next ticket to counter n (staff session).
func (c *Client) CallNext(ctx context.Context, n int) (contract.Ticket, error) {
	return c.counter(ctx, n, "call-next", nil)
}

// Recall calls the counter's ticket again.
func (c *Client) Recall(ctx context.Context, n int) (contract.Ticket, error) {
	return c.counter(ctx, n, "recall", nil)
}

// Start marks the citizen arrived.
func (c *Client) Start(ctx context.Context, n int) (contract.Ticket, error) {
	return c.counter(ctx, n, "start", nil)
}

// Finish ends the service.
func (c *Client) Finish(ctx context.Context, n int) (contract.Ticket, error) {
	return c.counter(ctx, n, "finish", nil)
}

// NoShow marks the called citizen absent.
func (c *Client) NoShow(ctx context.Context, n int) (contract.Ticket, error) {
	return c.counter(ctx, n, "no-show", nil)
}

// Transfer sends the counter's ticket to another queue or counter.
func (c *Client) Transfer(ctx context.Context, n int, req contract.TransferRequest) (contract.Ticket, error) {
	return c.counter(ctx, n, "transfer", req)
}

// CallNumber calls a given waiting number to counter n.
func (c *Client) CallNumber(ctx context.Context, n int, number string) (contract.Ticket, error) {
	return c.counter(ctx, n, "call", contract.CallNumberRequest{Number: number})
}

// Rate records a citizen's rating (kiosk token).
func (c *Client) Rate(ctx context.Context, req contract.RatingRequest) (contract.Rating, error) {
	var r contract.Rating
	return r, c.do(ctx, http.MethodPost, "/ratings", req, &r)
}

// CheckRating asks whether Rate would take a rating of the ticket with this
// code from this kiosk, before the citizen picks a face: it answers what to
// show above the faces, or the error Rate would give (a wrong code counts
// toward the ticket's lock just the same).
func (c *Client) CheckRating(ctx context.Context, req contract.RatingCheckRequest) (contract.RatingCheck, error) {
	var r contract.RatingCheck
	return r, c.do(ctx, http.MethodPost, "/ratings/check", req, &r)
}

// Help asks for a volunteer (kiosk token).
func (c *Client) Help(ctx context.Context) (contract.HelpRequest, error) {
	var h contract.HelpRequest
	return h, c.do(ctx, http.MethodPost, "/help", nil, &h)
}

// Fault reports a device fault, such as a printer out of paper.
func (c *Client) Fault(ctx context.Context, req contract.FaultRequest) (contract.DeviceFault, error) {
	var f contract.DeviceFault
	return f, c.do(ctx, http.MethodPost, "/faults", req, &f)
}

// TakeFault says the caller is going to the faulty device (staff token);
// a fault someone else took answers CodeConflict.
func (c *Client) TakeFault(ctx context.Context, id int64) (contract.DeviceFault, error) {
	var f contract.DeviceFault
	return f, c.do(ctx, http.MethodPost, "/faults/"+strconv.FormatInt(id, 10)+"/take", nil, &f)
}
