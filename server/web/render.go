package web

import (
	"bytes"
	"html/template"
	"net/http"
	"strings"
	"time"

	"motcua/server/contract"
)

var funcs = template.FuncMap{
	"vnd":    contract.FormatVND,
	"time":   func(t time.Time) string { return t.Format("02/01/2006 15:04:05") },
	"date":   func(t time.Time) string { return t.Format("02/01/2006") },
	"prio":   func(p contract.Priority) string { return p.Label().VI },
	"feeAmt": feeAmount,
}

// feeAmount is a fee as the catalogue table shows it, with the rule's
// channel and period: "0 đ (trực tuyến, từ 2026-08-08)".
func feeAmount(f contract.Fee) string {
	return feeBare(f) + feeWhen(f)
}

func feeBare(f contract.Fee) string {
	switch f.Kind {
	case contract.FeeFree:
		return "Miễn phí"
	case contract.FeePerPage:
		if len(f.Tiers) > 0 {
			return contract.FormatVND(f.Tiers[0].Amount) + "/trang"
		}
	case contract.FeeLocal:
		if f.Amount == 0 {
			return "Theo Nghị quyết HĐND (chưa nhập)"
		}
	}
	return contract.FormatVND(f.Amount)
}

// feeWhen is the channel and period of a rule, so that the admin tells
// the three rules of one charge apart; "" for a rule of every channel and
// every day.
func feeWhen(f contract.Fee) string {
	var parts []string
	switch f.Channel {
	case contract.ChannelOnline:
		parts = append(parts, "trực tuyến")
	case contract.ChannelInPerson:
		parts = append(parts, "trực tiếp")
	}
	if f.From != "" {
		parts = append(parts, "từ "+f.From)
	}
	if f.Until != "" {
		parts = append(parts, "đến "+f.Until)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// pageSets are parsed once, at start-up: New must stay cheap because the
// server builds its handler while it starts serving.
var pageSets = parsePages()

// parsePages builds one template set per page: the shared layout plus the
// page's own blocks, so pages can reuse block names.
func parsePages() map[string]*template.Template {
	names := []string{"login", "staff", "board", "forbidden", "admin-today", "admin-catalogue",
		"admin-settings", "admin-users", "admin-devices", "admin-audit"}
	out := make(map[string]*template.Template, len(names))
	for _, n := range names {
		out[n] = template.Must(template.New(n).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+n+".html"))
	}
	return out
}

// render executes into a buffer first so a template error becomes a clean
// 500 instead of half a page.
func (h *Handler) render(w http.ResponseWriter, status int, page string, d pageData) {
	var buf bytes.Buffer
	if err := h.pages[page].ExecuteTemplate(&buf, "layout", d); err != nil {
		http.Error(w, "Lỗi hiển thị trang / page error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
