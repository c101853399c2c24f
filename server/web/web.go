// Package web is the centre's browser front end, served by the centre server
// itself: the counter console (/staff), the administration pages (/admin/…),
// the sign-in page and the waiting-room board for smart TVs (/board).
//
// Everything is embedded in the binary (no CDN, no build step: the centre's
// LAN may have no internet). Pages are html/template shells that render what
// a user can enter escaped; plain JS modules do the rest through the JSON API
// and its websocket, building the DOM with textContent only. The pages never
// change state themselves: every change is an API call, which checks the
// role and the CSRF token, so the one place that guards state stays the API.
package web

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"motcua/server/api"
	"motcua/server/auth"
	"motcua/server/catalogue"
	"motcua/server/contract"
	"motcua/server/queue"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Paths are the URL patterns the handler answers; the server mounts each of
// them on its own mux.
var Paths = []string{"/login", "/staff", "/admin", "/admin/", "/board", "/static/"}

// Handler serves the web pages.
type Handler struct {
	eng   *queue.Engine
	au    *auth.Service
	mux   *http.ServeMux
	pages map[string]*template.Template
}

// New returns the web front end over the engine and the auth service.
func New(eng *queue.Engine, au *auth.Service) *Handler {
	h := &Handler{eng: eng, au: au, mux: http.NewServeMux(), pages: pageSets}
	static, _ := fs.Sub(staticFS, "static")
	h.mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	h.mux.HandleFunc("GET /login", h.login)
	h.mux.HandleFunc("GET /board", h.board)
	h.mux.HandleFunc("GET /staff", h.require(staffRoles, h.staff))
	h.mux.HandleFunc("GET /admin", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/admin/today", http.StatusSeeOther)
	})
	for _, p := range []string{"today", "settings"} {
		h.mux.HandleFunc("GET /admin/"+p, h.require(adminRoles, h.simple("admin-"+p)))
	}
	h.mux.HandleFunc("GET /admin/catalogue", h.require(adminRoles, h.catalogue))
	h.mux.HandleFunc("GET /admin/users", h.require(adminRoles, h.users))
	h.mux.HandleFunc("GET /admin/devices", h.require(adminRoles, h.devices))
	h.mux.HandleFunc("GET /admin/audit", h.require(adminRoles, h.audit))
	return h
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "no-referrer")
	h.mux.ServeHTTP(w, r)
}

func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Assets change with the binary; a short cache keeps an upgrade visible.
		w.Header().Set("Cache-Control", "public, max-age=300")
		next.ServeHTTP(w, r)
	})
}

var (
	staffRoles = []string{contract.RoleStaff, contract.RoleAdmin}
	adminRoles = []string{contract.RoleAdmin}
)

// pageData is what every template receives.
type pageData struct {
	Page   string
	Title  string
	Centre contract.Text
	User   auth.Principal
	Admin  bool
	Cat    contract.Catalogue
	Users  []auth.User
	Devs   []auth.Device
	Audit  []queue.AuditEntry
	Query  url.Values
	CSV    string
	Err    string
	// Unconfirmed are the fee amounts still to enter (catalogue page).
	Unconfirmed []catalogue.Problem
	Now         time.Time
}

func (h *Handler) data(page, title string, p auth.Principal) pageData {
	return pageData{Page: page, Title: title, Centre: h.eng.Settings().CentreName, User: p,
		Admin: p.Role == contract.RoleAdmin, Now: h.eng.Now()}
}

// principal finds the browser's session, if any. Device tokens never sign
// in to a page: a kiosk has no business on /staff.
func (h *Handler) principal(r *http.Request) (auth.Principal, bool) {
	c, err := r.Cookie(api.SessionCookie)
	if err != nil || c.Value == "" {
		return auth.Principal{}, false
	}
	p, err := h.au.Authenticate(r.Context(), c.Value)
	if err != nil || p.Device {
		return auth.Principal{}, false
	}
	return p, true
}

type pageFunc func(w http.ResponseWriter, r *http.Request, p auth.Principal)

// require sends an anonymous visitor to the sign-in page (and back after)
// and answers 403 to a signed-in user without the role.
func (h *Handler) require(roles []string, next pageFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok := h.principal(r)
		if !ok {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if !p.Is(roles...) {
			d := h.data("forbidden", "Không có quyền truy cập", p)
			h.render(w, http.StatusForbidden, "forbidden", d)
			return
		}
		next(w, r, p)
	}
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	d := h.data("login", "Đăng nhập", auth.Principal{})
	d.Query = url.Values{"next": {safeNext(r.URL.Query().Get("next"))}}
	h.render(w, http.StatusOK, "login", d)
}

// safeNext keeps the after-sign-in redirect on this site: only a path of
// this server ("/staff?x=1"). Browsers drop tabs and newlines from a URL and
// read "\\" as "/", so "/\t/evil.example" and "/\\evil.example" are
// "//evil.example", another site; any control or format character, backslash or
// second leading slash is refused, and what remains must parse as a path
// with no scheme or host.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsRune(next, '\\') {
		return ""
	}
	if strings.ContainsFunc(next, invisible) || !utf8.ValidString(next) {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") {
		return ""
	}
	if strings.HasPrefix(u.Path, "//") {
		return ""
	}
	return next
}

// invisible tells control and format characters (tabs, newlines, C1,
// direction overrides): none belongs in a path of this site.
func invisible(r rune) bool { return unicode.In(r, unicode.Cc, unicode.Cf) }

func (h *Handler) board(w http.ResponseWriter, r *http.Request) {
	h.render(w, http.StatusOK, "board", h.data("board", "Bảng gọi số", auth.Principal{}))
}

func (h *Handler) staff(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	d := h.data("staff", "Quầy phục vụ", p)
	d.Cat = h.eng.CatalogueView()
	h.render(w, http.StatusOK, "staff", d)
}

// catalogue is the catalogue page, with the council amounts still to
// enter or check today listed first: the kiosk tells citizens to ask at
// the counter for those, so the admin should not leave them so.
func (h *Handler) catalogue(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	d := h.data("admin-catalogue", titles["admin-catalogue"], p)
	d.Cat = h.eng.CatalogueView()
	loc, err := time.LoadLocation(h.eng.Settings().TimeZone)
	if err != nil {
		loc = time.UTC
	}
	d.Unconfirmed = catalogue.Unconfirmed(d.Cat, contract.ServiceDay(h.eng.Now(), loc))
	h.render(w, http.StatusOK, "admin-catalogue", d)
}

func (h *Handler) simple(page string) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, p auth.Principal) {
		d := h.data(page, titles[page], p)
		d.Cat = h.eng.CatalogueView()
		h.render(w, http.StatusOK, page, d)
	}
}

var titles = map[string]string{
	"admin-today": "Hôm nay", "admin-catalogue": "Danh mục thủ tục", "admin-settings": "Cài đặt",
	"admin-users": "Người dùng", "admin-devices": "Thiết bị", "admin-audit": "Nhật ký thao tác",
}

func (h *Handler) users(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	d := h.data("admin-users", titles["admin-users"], p)
	var err error
	if d.Users, err = h.au.Users(r.Context()); err != nil {
		d.Err = "Không đọc được danh sách tài khoản / cannot list users"
	}
	h.render(w, http.StatusOK, "admin-users", d)
}

func (h *Handler) devices(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	d := h.data("admin-devices", titles["admin-devices"], p)
	var err error
	if d.Devs, err = h.au.Devices(r.Context()); err != nil {
		d.Err = "Không đọc được danh sách thiết bị / cannot list devices"
	}
	h.render(w, http.StatusOK, "admin-devices", d)
}

// audit is a plain GET form: the search works without JavaScript and its
// URL is the export link with format=csv added.
func (h *Handler) audit(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	d := h.data("admin-audit", titles["admin-audit"], p)
	d.Query = r.URL.Query()
	status := http.StatusOK
	q, err := api.ParseAuditQuery(d.Query.Get, h.eng.Location())
	if err == nil {
		d.Audit, err = h.eng.Audit(r.Context(), q)
	}
	if err != nil {
		status, d.Err = http.StatusBadRequest, err.Error()
	}
	csv := url.Values{}
	for k, v := range d.Query {
		csv[k] = v
	}
	csv.Set("format", "csv")
	d.CSV = contract.APIPrefix + "/audit?" + csv.Encode()
	h.render(w, status, "admin-audit", d)
}
