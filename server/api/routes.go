package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"motcua/server/auth"
	"motcua/server/catalogue"
	"motcua/server/coded"
	"motcua/server/contract"
	"motcua/server/publish"
	"motcua/server/queue"
	"motcua/server/store"
)

// Role sets, named for who stands behind them.
var (
	staff    = []string{contract.RoleStaff, contract.RoleAdmin}
	admin    = []string{contract.RoleAdmin}
	kiosk    = []string{contract.RoleKiosk}
	devices  = []string{contract.RoleKiosk, contract.RoleDisplay}
	watchers = []string{contract.RoleKiosk, contract.RoleDisplay, contract.RoleStaff, contract.RoleAdmin}
)

// maxCatalogue bounds an uploaded catalogue file.
const maxCatalogue = 16 << 20

// Routes is every endpoint with the roles that may call it. It is the one
// place to read to know who may do what; a test walks it to prove that
// every protected route refuses anonymous and wrong-role callers.
func (a *API) Routes() []Route {
	p := contract.APIPrefix
	return append([]Route{
		{Method: "GET", Pattern: p + "/health", h: a.health},
		{Method: "POST", Pattern: p + "/login", h: a.login},
		{Method: "POST", Pattern: p + "/logout", Roles: staff, h: a.logout},
		{Method: "GET", Pattern: p + "/me", Roles: staff, h: a.me},
		{Method: "POST", Pattern: p + "/password", Roles: staff, h: a.password},

		{Method: "GET", Pattern: p + "/catalogue", h: a.getCatalogue},
		{Method: "PUT", Pattern: p + "/catalogue", Roles: admin, MaxBody: maxCatalogue, h: a.putCatalogue},
		{Method: "GET", Pattern: p + "/catalogue/export", Roles: admin, h: a.exportCatalogue},
		{Method: "POST", Pattern: p + "/catalogue/import", Roles: admin, MaxBody: maxCatalogue, h: a.importCatalogue},
		{Method: "GET", Pattern: p + "/catalogue/notice.pdf", Roles: staff, h: a.noticeBoard},
		{Method: "GET", Pattern: p + "/catalogue/qr-sheet.pdf", Roles: staff, h: a.qrSheet},

		{Method: "POST", Pattern: p + "/tickets", Roles: kiosk, h: a.issue},
		{Method: "GET", Pattern: p + "/tickets/{id}", h: a.getTicket},
		{Method: "POST", Pattern: p + "/tickets/{id}/cancel", Roles: staff, h: a.cancel},

		{Method: "POST", Pattern: p + "/counters/{n}/call-next", Roles: staff, h: a.counter(a.Engine.CallNext)},
		{Method: "POST", Pattern: p + "/counters/{n}/recall", Roles: staff, h: a.counter(a.Engine.Recall)},
		{Method: "POST", Pattern: p + "/counters/{n}/start", Roles: staff, h: a.counter(a.Engine.Start)},
		{Method: "POST", Pattern: p + "/counters/{n}/finish", Roles: staff, h: a.counter(a.Engine.Finish)},
		{Method: "POST", Pattern: p + "/counters/{n}/no-show", Roles: staff, h: a.counter(a.Engine.NoShow)},
		{Method: "POST", Pattern: p + "/counters/{n}/transfer", Roles: staff, h: a.transfer},
		{Method: "POST", Pattern: p + "/counters/{n}/call", Roles: staff, h: a.callNumber},
		{Method: "POST", Pattern: p + "/counters/{n}/claim", Roles: staff, h: a.claimCounter},
		{Method: "POST", Pattern: p + "/counters/{n}/release", Roles: staff, h: a.releaseCounter},

		{Method: "POST", Pattern: p + "/ratings", Roles: kiosk, h: a.rate},
		{Method: "POST", Pattern: p + "/ratings/check", Roles: kiosk, h: a.checkRating},
		{Method: "POST", Pattern: p + "/help", Roles: kiosk, h: a.help},
		{Method: "POST", Pattern: p + "/help/{id}/take", Roles: staff, h: a.takeHelp},
		{Method: "POST", Pattern: p + "/faults", Roles: devices, h: a.fault},
		{Method: "POST", Pattern: p + "/faults/{id}/take", Roles: staff, h: a.takeFault},

		{Method: "GET", Pattern: p + "/state", Roles: watchers, h: a.state},
		{Method: "GET", Pattern: p + "/ws", Roles: watchers, h: a.serveWS},

		{Method: "GET", Pattern: p + "/settings", Roles: admin, h: a.getSettings},
		{Method: "PUT", Pattern: p + "/settings", Roles: admin, h: a.putSettings},
		{Method: "POST", Pattern: p + "/users", Roles: admin, h: a.addUser},
		{Method: "POST", Pattern: p + "/users/{name}/password", Roles: admin, h: a.resetPassword},
		{Method: "POST", Pattern: p + "/devices", Roles: admin, h: a.addDevice},
		{Method: "DELETE", Pattern: p + "/devices/{name}", Roles: admin, h: a.revokeDevice},
	}, a.adminRoutes()...)
}

// clockWarning words a clock step for the consoles' banner.
func clockWarning(cw contract.ClockWarning, loc *time.Location) contract.HealthProblem {
	jump := time.Duration(cw.JumpS) * time.Second
	dir, dirEN := "tiến", "forward"
	if jump < 0 {
		jump, dir, dirEN = -jump, "lùi", "back"
	}
	at := cw.At.In(loc).Format("15:04 02/01/2006")
	return contract.HealthProblem{Code: contract.WarningClockStepped, Message: fmt.Sprintf(
		"Đồng hồ máy chủ đã nhảy %s %v lúc %s (%d phiếu được chuyển sang ngày đúng); giờ ghi trước đó có thể sai. "+
			"/ The server clock stepped %s by %v at %s (%d tickets carried into the right day); times written before may be wrong.",
		dir, jump, at, cw.Moved, dirEN, jump, at, cw.Moved)}
}

// health answers 200 "ok", or 503 "degraded" with the problems when the
// server runs but is losing data, so a monitor does not read "ok" while
// tickets vanish.
func (a *API) health(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	h := contract.Health{Status: contract.HealthOK, Schema: store.SchemaVersion()}
	if a.Problems != nil {
		h.Problems = a.Problems(p.Is(staff...))
	}
	seq, err := store.LastSeq(r.Context(), a.DB.Reader())
	if err != nil && len(h.Problems) == 0 {
		return err
	}
	h.Seq = seq
	if cw := a.Engine.ClockWarning(a.Engine.Now()); cw != nil {
		h.Warnings = append(h.Warnings, clockWarning(*cw, a.Engine.Location()))
	}
	if len(h.Problems) > 0 {
		h.Status = contract.HealthDegraded
		return writeJSON(w, http.StatusServiceUnavailable, h)
	}
	return writeJSON(w, http.StatusOK, h)
}

// login signs in. It takes only a JSON body from this site: a form or a
// text/plain body is what a page on another site can post without the
// browser asking first, and with it that page could sign an official into
// the attacker's account (login CSRF).
func (a *API) login(w http.ResponseWriter, r *http.Request, _ auth.Principal) error {
	if err := jsonBody(r); err != nil {
		return err
	}
	if err := sameOrigin(r); err != nil {
		return err
	}
	var req contract.LoginRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	sess, err := a.Auth.LoginFrom(r.Context(), clientKey(r), req.Username, req.Password)
	if err != nil {
		holdBack(r.Context(), err)
		return err
	}
	// Max-Age, not Expires: the browser measures it on its own clock, so a
	// server whose clock is wrong (or a test's fake clock) does not hand out
	// a cookie that is already expired.
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: sess.Token, Path: "/", MaxAge: int(auth.SessionTTL / time.Second),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil,
	})
	return writeJSON(w, http.StatusOK, sess)
}

func (a *API) logout(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	if err := a.Auth.Logout(r.Context(), p); err != nil {
		return err
	}
	// Signing out leaves the desk: the next shift's official can open it.
	if err := a.Engine.ReleaseCountersOf(r.Context(), actor(p)); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) me(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	return writeJSON(w, http.StatusOK, map[string]string{"username": p.Name, "role": p.Role, "csrf_token": p.CSRF})
}

func (a *API) password(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	var req struct {
		Old string `json:"old"`
		New string `json:"new"`
	}
	if err := decode(r, &req); err != nil {
		return err
	}
	if err := a.Auth.ChangePassword(r.Context(), p.Name, req.Old, req.New); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) getCatalogue(w http.ResponseWriter, r *http.Request, _ auth.Principal) error {
	return writeJSON(w, http.StatusOK, a.Engine.CatalogueView())
}

func (a *API) putCatalogue(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	cat, err := catalogue.DecodeJSON(r.Body)
	if err != nil {
		return catalogueError(err)
	}
	return a.replaceCatalogue(w, r, p, cat)
}

func (a *API) importCatalogue(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	decode := catalogue.DecodeJSON
	if format(r) == "csv" {
		decode = catalogue.DecodeCSV
	}
	cat, err := decode(r.Body)
	if err != nil {
		return catalogueError(err)
	}
	return a.replaceCatalogue(w, r, p, cat)
}

func (a *API) replaceCatalogue(w http.ResponseWriter, r *http.Request, p auth.Principal, cat contract.Catalogue) error {
	out, err := a.Engine.ReplaceCatalogue(r.Context(), cat, actor(p))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) exportCatalogue(w http.ResponseWriter, r *http.Request, _ auth.Principal) error {
	var buf bytes.Buffer
	cat := a.Engine.CatalogueView()
	ext, ctype, encode := "json", "application/json; charset=utf-8", catalogue.EncodeJSON
	switch format(r) {
	case "csv":
		ext, ctype, encode = "csv", "text/csv; charset=utf-8", catalogue.EncodeCSV
	case "xlsx":
		ext, ctype, encode = "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", publish.EncodeXLSX
	}
	if err := encode(&buf, cat); err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="motcua-catalogue-v%d.%s"`, cat.Version, ext))
	_, err := w.Write(buf.Bytes())
	return err
}

func format(r *http.Request) string { return strings.ToLower(r.URL.Query().Get("format")) }

// catalogueError turns a decoding or validation failure into a 400 listing
// every problem, so an administrator can fix a spreadsheet in one pass.
func catalogueError(err error) error {
	if ve, ok := err.(*catalogue.ValidationError); ok {
		details := make([]string, 0, len(ve.Problems))
		for _, p := range ve.Problems {
			details = append(details, p.String())
		}
		return &coded.Error{Code: contract.CodeInvalid,
			Message: fmt.Sprintf("Danh mục có %d lỗi / the catalogue has %d problems", len(details), len(details)), Details: details}
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) || errors.Is(err, catalogue.ErrTooLarge) {
		return &coded.Error{Code: contract.CodeTooLarge,
			Message: fmt.Sprintf("Tệp danh mục quá lớn (tối đa %d MiB) / catalogue file too large", maxCatalogue>>20)}
	}
	return badRequest("Không đọc được tệp danh mục: " + err.Error() + " / cannot read the catalogue file")
}

func (a *API) issue(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	var req contract.IssueTicketRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	t, err := a.Engine.Issue(r.Context(), req, p.Name)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, t)
}

func (a *API) getTicket(w http.ResponseWriter, r *http.Request, _ auth.Principal) error {
	t, err := a.Engine.Ticket(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

func (a *API) cancel(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	t, err := a.Engine.Cancel(r.Context(), r.PathValue("id"), actor(p))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

// counterAction is the shape of the engine's bodiless counter operations.
type counterAction func(ctx context.Context, n int, who queue.Actor) (contract.Ticket, error)

func (a *API) counter(act counterAction) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
		n, err := counterParam(r)
		if err != nil {
			return err
		}
		t, err := act(r.Context(), n, actor(p))
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, t)
	}
}

func (a *API) transfer(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	n, err := counterParam(r)
	if err != nil {
		return err
	}
	var req contract.TransferRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	t, err := a.Engine.Transfer(r.Context(), n, req, actor(p))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

func (a *API) callNumber(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	n, err := counterParam(r)
	if err != nil {
		return err
	}
	var req contract.CallNumberRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	t, err := a.Engine.CallNumber(r.Context(), n, req.Number, actor(p))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

// claimCounter gives the counter to the signed-in official for the day; the
// staff console calls it when it opens a counter.
func (a *API) claimCounter(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	n, err := counterParam(r)
	if err != nil {
		return err
	}
	c, err := a.Engine.ClaimCounter(r.Context(), n, actor(p))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// releaseCounter frees a counter: its holder's, or anyone's for an admin.
func (a *API) releaseCounter(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	n, err := counterParam(r)
	if err != nil {
		return err
	}
	if err := a.Engine.ReleaseCounter(r.Context(), n, actor(p)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) rate(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	var req contract.RatingRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	out, err := a.Engine.Rate(r.Context(), req, queue.Rater{Device: p.Name, Counter: p.Counter})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

// checkRating answers whether the caller may rate a ticket, before the
// citizen picks a face: the rules of POST /ratings, from the same code.
func (a *API) checkRating(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	var req contract.RatingCheckRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	out, err := a.Engine.CheckRating(r.Context(), req, queue.Rater{Device: p.Name, Counter: p.Counter})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) help(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	out, err := a.Engine.RequestHelp(r.Context(), p.Name)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (a *API) takeHelp(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return badRequest("Mã yêu cầu không hợp lệ / bad help request id")
	}
	out, err := a.Engine.TakeHelp(r.Context(), id, actor(p))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) fault(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	var req contract.FaultRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	out, err := a.Engine.ReportFault(r.Context(), req, p.Name)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (a *API) takeFault(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return badRequest("Mã báo lỗi không hợp lệ / bad fault id")
	}
	out, err := a.Engine.TakeFault(r.Context(), id, actor(p))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) state(w http.ResponseWriter, r *http.Request, _ auth.Principal) error {
	st, err := a.Engine.State(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (a *API) getSettings(w http.ResponseWriter, r *http.Request, _ auth.Principal) error {
	return writeJSON(w, http.StatusOK, a.Engine.Settings())
}

func (a *API) putSettings(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	var s contract.Settings
	if err := decode(r, &s); err != nil {
		return err
	}
	out, err := a.Engine.UpdateSettings(r.Context(), s, actor(p))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) addUser(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	var req struct {
		Username string `json:"username"`
		Password string `json:"password"`
		Role     string `json:"role"`
	}
	if err := decode(r, &req); err != nil {
		return err
	}
	if err := a.Auth.AddUserBy(r.Context(), req.Username, req.Password, req.Role, p); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]string{"username": strings.ToLower(strings.TrimSpace(req.Username)), "role": req.Role})
}

// resetPassword sets another user's password (an official who forgot
// theirs); the user's sessions end and the audit log names the admin.
func (a *API) resetPassword(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	var req struct {
		Password string `json:"password"`
	}
	if err := decode(r, &req); err != nil {
		return err
	}
	if err := a.Auth.ResetPassword(r.Context(), r.PathValue("name"), req.Password, p); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) addDevice(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	var req contract.DeviceRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	token, err := a.Auth.AddDeviceWith(r.Context(), auth.DeviceSpec{Name: req.Name, Role: req.Role, Counter: req.Counter, Replace: req.Replace}, p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"name": strings.ToLower(strings.TrimSpace(req.Name)), "role": req.Role,
		"counter": req.Counter, "token": token})
}

func (a *API) revokeDevice(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	if err := a.Auth.RevokeDeviceBy(r.Context(), r.PathValue("name"), p); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
