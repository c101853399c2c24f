package server

import (
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"motcua/server/coded"
	"motcua/server/contract"
	"motcua/server/queue"
)

//go:embed pages/*.html
var pageFS embed.FS

var pageTmpl = template.Must(template.New("").Funcs(template.FuncMap{
	"vnd":     contract.FormatVND,
	"minutes": func(s int64) int64 { return (s + 59) / 60 },
	"clock":   func(t time.Time) string { return t.Format("15:04") },
	"date":    func(t time.Time) string { return t.Format("02/01/2006") },
	"status":  statusLabel,
}).ParseFS(pageFS, "pages/*.html"))

// pages serves the public pages: the landing page a new user opens after
// `make run`, and /t/{id}, the live position of a ticket that a citizen
// reaches by scanning the QR code on it.
func (s *Server) pages() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /t/{id}", s.ticketPage)
	mux.HandleFunc("POST /t/{id}/rate", s.ratePage)
	return securityHeaders(mux)
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	st, err := s.Engine.State(r.Context())
	if err != nil {
		http.Error(w, "Máy chủ đang bận, xin thử lại", http.StatusServiceUnavailable)
		return
	}
	cat := s.Engine.CatalogueView()
	type procRow struct{ Code, Name, Queue string }
	rows := make([]procRow, 0, len(cat.Procedures))
	for _, p := range cat.Procedures {
		q, _ := cat.QueueOf(p.Code)
		rows = append(rows, procRow{p.Code, p.Name.VI, q.Prefix})
	}
	render(w, http.StatusOK, "home.html", map[string]any{"State": st, "Catalogue": cat, "Procedures": rows})
}

func (s *Server) ticketPage(w http.ResponseWriter, r *http.Request) {
	t, err := s.Engine.Ticket(r.Context(), r.PathValue("id"))
	if coded.Code(err) == contract.CodeNotFound {
		render(w, http.StatusNotFound, "ticket.html", map[string]any{"Missing": true})
		return
	}
	if err != nil {
		http.Error(w, "Máy chủ đang bận, xin thử lại", http.StatusServiceUnavailable)
		return
	}
	cat := s.Engine.CatalogueView()
	p, _ := cat.Procedure(t.Procedure)
	render(w, http.StatusOK, "ticket.html", map[string]any{"T": t, "Procedure": p, "Centre": s.Engine.Settings().CentreName})
}

// ratePage takes the citizen's rating from the ticket's QR page, a plain
// form that works on any phone without JavaScript. The ticket's id in the
// address is the proof: only the paper's QR code carries it to the public.
func (s *Server) ratePage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Dữ liệu không hợp lệ", http.StatusBadRequest)
		return
	}
	score, _ := strconv.Atoi(r.PostForm.Get("score"))
	req := contract.RatingRequest{Ticket: id, Score: score, Reason: r.PostForm.Get("reason")}
	_, err := s.Engine.Rate(r.Context(), req, queue.Rater{Device: "qr", Holder: true})
	t, terr := s.Engine.Ticket(r.Context(), id)
	if coded.Code(terr) == contract.CodeNotFound {
		render(w, http.StatusNotFound, "ticket.html", map[string]any{"Missing": true})
		return
	}
	if terr != nil {
		http.Error(w, "Máy chủ đang bận, xin thử lại", http.StatusServiceUnavailable)
		return
	}
	p, _ := s.Engine.CatalogueView().Procedure(t.Procedure)
	data := map[string]any{"T": t, "Procedure": p, "Centre": s.Engine.Settings().CentreName, "Rated": err == nil}
	status := http.StatusCreated
	switch code := coded.Code(err); {
	case err == nil:
	case code == contract.CodeAlreadyRated:
		status, data["Rated"], data["RateErr"] = http.StatusConflict, true, "Vé này đã được đánh giá. Cảm ơn Ông/Bà."
	case code == contract.CodeInvalid:
		status, data["RateErr"] = http.StatusBadRequest, "Xin chọn mức hài lòng; nếu không hài lòng, xin ghi rõ lý do."
	case code == contract.CodeConflict:
		status, data["RateErr"] = http.StatusConflict, "Chỉ đánh giá được sau khi đã được phục vụ xong."
	default:
		http.Error(w, "Máy chủ đang bận, xin thử lại", http.StatusServiceUnavailable)
		return
	}
	render(w, status, "ticket.html", data)
}

func render(w http.ResponseWriter, status int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	pageTmpl.ExecuteTemplate(w, name, data)
}

func statusLabel(s contract.Status) string {
	switch s {
	case contract.StatusWaiting:
		return "Đang chờ"
	case contract.StatusCalled:
		return "Đã đến lượt – mời đến quầy"
	case contract.StatusServing:
		return "Đang được phục vụ"
	case contract.StatusDone:
		return "Đã hoàn thành"
	case contract.StatusNoShow:
		return "Đã gọi nhưng vắng mặt"
	case contract.StatusTransferred:
		return "Đã chuyển sang quầy khác"
	case contract.StatusCancelled:
		return "Đã huỷ"
	}
	return string(s)
}
