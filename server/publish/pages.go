// Package publish puts the centre's catalogue where citizens read it
// outside the kiosk (seed plan A.1, A.4, C.5): a public page per procedure
// (/p/{code}) and their list by field (/p/), readable on a phone and
// embeddable in the ward's website; the printable notice board ("Bảng niêm
// yết") and QR sheet as A4 PDFs; and the catalogue as an xlsx workbook for
// the ward's website staff.
//
// Everything here reads the catalogue and the centre's public settings
// only: no login, no personal data, no state change.
package publish

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"motcua/server/contract"
)

// Source is what the public pages read: the live catalogue and settings.
// *queue.Engine satisfies it.
type Source interface {
	CatalogueView() contract.Catalogue
	Settings() contract.Settings
	// Now is the server's clock: a page shows the fees in force on the
	// centre's service day.
	Now() time.Time
}

//go:embed templates/*.html templates/public.css
var templateFS embed.FS

var (
	css, _   = templateFS.ReadFile("templates/public.css")
	cssSum   = func() string { s := sha256.Sum256(css); return hex.EncodeToString(s[:6]) }()
	cssPath  = "/p/style.css"
	pageTmpl = template.Must(template.New("").Funcs(template.FuncMap{
		"fee":        FeeLine,
		"source":     FeeSource,
		"nofee":      NoFee,
		"nofeesrc":   NoFeeSource,
		"nocurrent":  NoCurrent,
		"cond":       FeeCondition,
		"exempt":     Exemptions,
		"exempthead": ExemptHeading,
		"t":          func(t contract.Text, lang string) string { return t.In(lang) },
		"w":          label,
		"inc":        func(i int) int { return i + 1 },
		"path":       PagePath,
		"badges":     Badges,
	}).ParseFS(templateFS, "templates/*.html"))
)

// Paths are the URL patterns the public pages answer; the server mounts
// them on its mux.
var Paths = []string{"/p/"}

// Pages serves /p/ and /p/{code}.
type Pages struct {
	src Source
	mux *http.ServeMux
}

// NewPages returns the public procedure pages over src.
func NewPages(src Source) *Pages {
	h := &Pages{src: src, mux: http.NewServeMux()}
	h.mux.HandleFunc("GET /p/{$}", h.list)
	h.mux.HandleFunc("GET /p/style.css", h.style)
	h.mux.HandleFunc("GET /p/{code}", h.procedure)
	return h
}

// ServeHTTP sets the headers of a page that another site may frame.
//
// Framing is allowed from any site (frame-ancestors *) because the ward's
// website, whose address the centre does not configure, embeds these pages,
// and it is safe here: the pages are public, read only (no form, no button
// that changes anything), never read a cookie or a session, and carry no
// personal data, so a framing site can neither click anything on the
// citizen's behalf nor read what it frames (the frame is cross-origin).
// Everything else the server serves keeps frame-ancestors 'none'. No
// script runs (script-src 'none'); styles come from one file of this
// server; links leave the frame only on purpose (target=_blank).
func (h *Pages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; "+
		"frame-ancestors *; base-uri 'none'; form-action 'self'")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	h.mux.ServeHTTP(w, r)
}

// style serves the pages' one stylesheet. Its address carries a checksum
// of its content (?v=…), so it is cached for a year and an upgrade that
// changes it is seen at once.
func (h *Pages) style(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	if r.URL.Query().Get("v") == cssSum {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=300")
	}
	w.Write(css)
}

// group is one field with its procedures, in catalogue order.
type group struct {
	Field contract.Field
	Procs []contract.Procedure
}

// view is what the templates receive.
type view struct {
	Lang   string
	Other  string // the language the switch offers
	Centre contract.Text
	CSS    string
	Groups []group
	P      contract.Procedure
	// Fees are P's fee rules in force today, every channel.
	Fees   []contract.Fee
	Field  contract.Field
	Portal string
	Title  string
}

func (h *Pages) view(r *http.Request) view {
	lang := "vi"
	if r.URL.Query().Get("lang") == "en" {
		lang = "en"
	}
	other := map[string]string{"vi": "en", "en": "vi"}[lang]
	return view{Lang: lang, Other: other, Centre: h.src.Settings().CentreName, CSS: cssPath + "?v=" + cssSum}
}

func (h *Pages) list(w http.ResponseWriter, r *http.Request) {
	v := h.view(r)
	v.Groups = Groups(h.src.CatalogueView())
	v.Title = label(v.Lang, "list")
	render(w, http.StatusOK, "list.html", v)
}

func (h *Pages) procedure(w http.ResponseWriter, r *http.Request) {
	v := h.view(r)
	cat := h.src.CatalogueView()
	p, ok := cat.Procedure(r.PathValue("code"))
	if !ok {
		v.Title = label(v.Lang, "missing")
		render(w, http.StatusNotFound, "missing.html", v)
		return
	}
	v.P, v.Title = p, p.Short().In(v.Lang)
	v.Fees = FeesOn(p, Day(h.src.Now(), h.src.Settings().TimeZone))
	v.Field = fieldOf(cat, p.Field)
	if strings.HasPrefix(p.GuidanceURL, "https://") || strings.HasPrefix(p.GuidanceURL, "http://") {
		v.Portal = p.GuidanceURL
	}
	render(w, http.StatusOK, "procedure.html", v)
}

// otherField gathers procedures whose field is not in the catalogue's list.
var otherField = contract.Field{ID: "", Name: contract.Text{VI: "Lĩnh vực khác", EN: "Other"}}

// Groups returns the catalogue's procedures by field, in the order of the
// fields and, within one, of the procedures; fields without a procedure
// are left out, and procedures of an unknown field come last.
func Groups(cat contract.Catalogue) []group {
	var out []group
	known := map[string]bool{}
	for _, f := range cat.Fields {
		known[f.ID] = true
		g := group{Field: f}
		for _, p := range cat.Procedures {
			if p.Field == f.ID {
				g.Procs = append(g.Procs, p)
			}
		}
		if len(g.Procs) > 0 {
			out = append(out, g)
		}
	}
	rest := group{Field: otherField}
	for _, p := range cat.Procedures {
		if !known[p.Field] {
			rest.Procs = append(rest.Procs, p)
		}
	}
	if len(rest.Procs) > 0 {
		out = append(out, rest)
	}
	return out
}

func fieldOf(cat contract.Catalogue, id string) contract.Field {
	for _, f := range cat.Fields {
		if f.ID == id {
			return f
		}
	}
	return otherField
}

// render executes into a buffer first so a template error is a clean 500.
func render(w http.ResponseWriter, status int, name string, v view) {
	var buf bytes.Buffer
	if err := pageTmpl.ExecuteTemplate(&buf, name, v); err != nil {
		http.Error(w, "Lỗi hiển thị trang / page error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// labels are the pages' headings and links, Vietnamese first.
var labels = map[string][2]string{
	"list":       {"Thủ tục hành chính", "Administrative procedures"},
	"intro":      {"Danh mục thủ tục hành chính tiếp nhận tại Trung tâm, theo lĩnh vực.", "The procedures the centre receives, by field."},
	"code":       {"Mã thủ tục", "Procedure code"},
	"field":      {"Lĩnh vực", "Field"},
	"fees":       {"Phí, lệ phí", "Fees"},
	"time":       {"Thời hạn giải quyết", "Processing time"},
	"documents":  {"Giấy tờ cần chuẩn bị", "Documents to bring"},
	"steps":      {"Các bước thực hiện", "Steps"},
	"result":     {"Kết quả", "Result"},
	"legal":      {"Căn cứ pháp lý", "Legal basis"},
	"portal":     {"Xem trên Cổng Dịch vụ công quốc gia", "See it on the National Public Service Portal"},
	"back":       {"Tất cả thủ tục", "All procedures"},
	"switch":     {"English", "Tiếng Việt"},
	"missing":    {"Không tìm thấy thủ tục này.", "This procedure was not found."},
	"missing2":   {"Mã thủ tục có thể đã thay đổi. Xin xem danh mục hoặc hỏi cán bộ tại quầy.", "Its code may have changed. See the list or ask at the counter."},
	"skip":       {"Bỏ qua, đến nội dung chính", "Skip to content"},
	"sameday":    {"Thứ Tư trả kết quả trong ngày", "Wednesday: result the same day"},
	"cutoff":     {" (nhận trước %s)", " (received before %s)"},
	"online":     {"Nộp trực tuyến toàn trình", "Fully online application"},
	"onlinepart": {"Nộp trực tuyến một phần", "Partly online application"},
	"home":       {"Hỗ trợ tại nhà", "Home service available"},
}

// Badges are the procedure's marks in the kiosk's words: the Wednesday
// same-day return, the online level and the home service.
func Badges(p contract.Procedure, lang string) []string {
	var out []string
	if p.SameDayWednesday {
		b := label(lang, "sameday")
		if p.SameDayCutoff != "" { // the page is read at any hour: the cut-off is part of the promise
			b += fmt.Sprintf(label(lang, "cutoff"), p.SameDayCutoff)
		}
		out = append(out, b)
	}
	switch p.Online {
	case contract.OnlineFull:
		out = append(out, label(lang, "online"))
	case contract.OnlinePartial:
		out = append(out, label(lang, "onlinepart"))
	}
	if p.HomeService {
		out = append(out, label(lang, "home"))
	}
	return out
}

func label(lang, key string) string {
	if lang == "en" {
		return labels[key][1]
	}
	return labels[key][0]
}
