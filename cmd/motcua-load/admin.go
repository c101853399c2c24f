package main

import (
	"context"
	"net/http"
	"net/url"

	"motcua/server/client"
	"motcua/server/contract"
)

// adminAPI makes the few administration calls the Go client has no typed
// method for (creating accounts and devices, and tidying up after the run)
// through client.Do with an admin session.
type adminAPI struct {
	*client.Client
}

// signIn opens an admin session on the server at base.
func signIn(ctx context.Context, base, user, password string, opts ...client.Option) (*adminAPI, error) {
	c, err := client.New(base, "", opts...)
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
	return &adminAPI{Client: c}, nil
}

// call sends one JSON request; an error answer is a *contract.APIError.
func (a *adminAPI) call(ctx context.Context, method, path string, in, out any) error {
	return a.Do(ctx, method, path, in, out)
}

// addDevice registers a kiosk or display and returns its token; an
// existing name (left by a run that could not tidy up) gets a fresh token.
func (a *adminAPI) addDevice(ctx context.Context, name, role string) (string, error) {
	var out struct {
		Token string `json:"token"`
	}
	err := a.call(ctx, http.MethodPost, "/devices", contract.DeviceRequest{Name: name, Role: role, Replace: true}, &out)
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
