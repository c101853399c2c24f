package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"

	"motcua/server/client"
	"motcua/server/contract"
)

// adminAPI makes the few administration calls the Go client does not
// offer (creating accounts and devices, and tidying up after the run) with
// an admin session's bearer token.
type adminAPI struct {
	*client.Client
	base, token string
	http        *http.Client
}

// signIn opens an admin session on the server at base.
func signIn(ctx context.Context, base, user, password string) (*adminAPI, error) {
	c, err := client.New(base, "")
	if err != nil {
		return nil, err
	}
	s, err := c.Login(ctx, user, password)
	if err != nil {
		return nil, err
	}
	if s.Role != contract.RoleAdmin {
		return nil, &contract.APIError{Code: contract.CodeForbidden, Message: user + " is not an admin account"}
	}
	return &adminAPI{Client: c, base: c.BaseURL(), token: s.Token, http: &http.Client{Timeout: client.DefaultTimeout}}, nil
}

// call sends one JSON request; an error answer becomes *contract.APIError
// so client.Code works on it.
func (a *adminAPI) call(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+contract.APIPrefix+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		return apiError(resp)
	}
	if out == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	return json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(out)
}

// apiError decodes the server's error body.
func apiError(resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var eb contract.ErrorBody
	if err := json.Unmarshal(b, &eb); err != nil || eb.Error.Code == "" {
		return &contract.APIError{Status: resp.StatusCode, Code: contract.CodeInternal, Message: strings.TrimSpace(string(b))}
	}
	eb.Error.Status = resp.StatusCode
	return &eb.Error
}

// addDevice registers a kiosk or display and returns its token; an
// existing name gets a fresh token.
func (a *adminAPI) addDevice(ctx context.Context, name, role string) (string, error) {
	var out struct {
		Token string `json:"token"`
	}
	err := a.call(ctx, http.MethodPost, "/devices", map[string]string{"name": name, "role": role}, &out)
	return out.Token, err
}

// addUser creates a staff account.
func (a *adminAPI) addUser(ctx context.Context, name, password string) error {
	return a.call(ctx, http.MethodPost, "/users", map[string]string{"username": name, "password": password, "role": contract.RoleStaff}, nil)
}

// disableUser closes an account and, with it, its sessions.
func (a *adminAPI) disableUser(ctx context.Context, name string) error {
	return a.call(ctx, http.MethodPatch, "/users/"+url.PathEscape(name), map[string]bool{"disabled": true}, nil)
}

// revokeDevice makes a device token useless.
func (a *adminAPI) revokeDevice(ctx context.Context, name string) error {
	return a.call(ctx, http.MethodDelete, "/devices/"+url.PathEscape(name), nil, nil)
}

// cancelTicket withdraws a waiting ticket.
func (a *adminAPI) cancelTicket(ctx context.Context, id string) error {
	return a.call(ctx, http.MethodPost, "/tickets/"+url.PathEscape(id)+"/cancel", nil, nil)
}

// logout ends the admin session.
func (a *adminAPI) logout(ctx context.Context) error {
	return a.call(ctx, http.MethodPost, "/logout", nil, nil)
}
