package publish

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"motcua/server/contract"
)

// fakeSource is a fixed catalogue and settings.
type fakeSource struct {
	cat contract.Catalogue
	set contract.Settings
}

func (f fakeSource) CatalogueView() contract.Catalogue { return f.cat }
func (f fakeSource) Settings() contract.Settings       { return f.set }
func (f fakeSource) Now() time.Time                    { return testNotice.Date }

// testCatalogue has two fields listed out of their procedures' order, a
// procedure of an unknown field, and catalogue text that is HTML.
func testCatalogue() contract.Catalogue {
	return contract.Catalogue{
		Fields: []contract.Field{
			{ID: "chung-thuc", Name: contract.Text{VI: "Chứng thực", EN: "Certification"}},
			{ID: "ho-tich", Name: contract.Text{VI: "Hộ tịch", EN: "Civil status"}},
			{ID: "empty", Name: contract.Text{VI: "Trống"}},
		},
		Procedures: []contract.Procedure{
			{Code: "2.000635", Field: "ho-tich", Name: contract.Text{VI: "Cấp bản sao Trích lục hộ tịch", EN: "Copy of a civil-status extract"},
				ShortName:      contract.Text{VI: "Bản sao trích lục"},
				ProcessingTime: contract.Text{VI: "Ngay trong ngày"},
				Fees: []contract.Fee{{Label: contract.Text{VI: "Phí", EN: "Fee"}, Kind: contract.FeePerCopy, Amount: 8000,
					Unit: contract.Text{VI: "bản sao", EN: "copy"}, Source: "Thông tư số 281/2016/TT-BTC"}},
				Documents:        []contract.Text{{VI: "Tờ khai <b>theo mẫu</b>"}},
				Steps:            []contract.Text{{VI: "Nộp hồ sơ"}, {VI: "Nhận kết quả"}},
				Result:           contract.Text{VI: "Bản sao trích lục"},
				LegalBasis:       []string{"Luật Hộ tịch 2014"},
				GuidanceURL:      "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=2.000635",
				SameDayWednesday: true, Online: contract.OnlineFull},
			{Code: "2.000815", Field: "chung-thuc", Name: contract.Text{VI: "Chứng thực bản sao <script>alert(1)</script>"},
				ProcessingTime: contract.Text{VI: "Trong ngày"},
				Fees: []contract.Fee{{Label: contract.Text{VI: "Phí"}, Kind: contract.FeePerPage, Tiers: []contract.FeeTier{{FromPage: 1, Amount: 2000}, {FromPage: 3, Amount: 1000}},
					Cap: 200000, Source: "Thông tư số 226/2016/TT-BTC"}},
				GuidanceURL: "javascript:alert(1)"},
			{Code: "9.999999", Field: "gone", Name: contract.Text{VI: "Thủ tục lạc"}, ProcessingTime: contract.Text{VI: "5 ngày"}},
		},
	}
}

func serve(t *testing.T, target string) (*http.Response, string) {
	t.Helper()
	h := NewPages(fakeSource{cat: testCatalogue(), set: contract.Settings{CentreName: contract.Text{VI: "Trung tâm <i>Gia Viên</i>"}}})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// TestProcedurePage: a known code shows every published fact with the
// fee's legal source, in the order of the kiosk's detail screen.
func TestProcedurePage(t *testing.T) {
	res, body := serve(t, "/p/2.000635")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	want := []string{"Bản sao trích lục", "Cấp bản sao Trích lục hộ tịch", "2.000635", "Hộ tịch",
		"<li>Thứ Tư trả kết quả trong ngày</li><li>Nộp trực tuyến toàn trình</li>", "Phí: 8.000 đ/bản sao",
		"Căn cứ: Thông tư số 281/2016/TT-BTC", "Ngay trong ngày", "<li>Nộp hồ sơ</li>", "Luật Hộ tịch 2014",
		`href="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=2.000635"`}
	last := -1
	for _, w := range want {
		i := strings.Index(body, w)
		if i < 0 {
			t.Fatalf("page lacks %q:\n%s", w, body)
		}
		if w == "Phí: 8.000 đ/bản sao" || w == "Ngay trong ngày" || w == "<li>Nộp hồ sơ</li>" || w == "Luật Hộ tịch 2014" {
			if i < last {
				t.Errorf("%q is out of the detail screen's order", w)
			}
			last = i
		}
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
}

// TestProcedurePageEnglish: ?lang=en switches the page, falling back to
// Vietnamese where the catalogue has no translation, and the switch leads
// back.
func TestProcedurePageEnglish(t *testing.T) {
	_, body := serve(t, "/p/2.000635?lang=en")
	for _, w := range []string{`<html lang="en">`, "Copy of a civil-status extract", "Fee: 8.000 đ/copy", "Source: Thông tư",
		"Processing time", "Ngay trong ngày", `href="?lang=vi"`, `href="/p/?lang=en"`} {
		if !strings.Contains(body, w) {
			t.Errorf("English page lacks %q", w)
		}
	}
}

// TestProcedurePageUnknown: an unknown code is a 404 page that leads to
// the list, and never echoes the code.
func TestProcedurePageUnknown(t *testing.T) {
	res, body := serve(t, "/p/%3Cscript%3Ex")
	if res.StatusCode != 404 || !strings.Contains(body, "Không tìm thấy thủ tục") || !strings.Contains(body, `href="/p/"`) {
		t.Fatalf("unknown code (%d): %s", res.StatusCode, body)
	}
	if strings.Contains(body, "<script>") {
		t.Fatal("the page echoes the code unescaped")
	}
}

// TestListGroupsByField: /p/ lists procedures under their field in the
// catalogue's field order, skips empty fields and puts unknown ones last.
func TestListGroupsByField(t *testing.T) {
	res, body := serve(t, "/p/")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	order := []string{">Chứng thực</h2>", `href="/p/2.000815"`, ">Hộ tịch</h2>", `href="/p/2.000635"`, "Bản sao trích lục", ">Lĩnh vực khác</h2>", `href="/p/9.999999"`}
	last := -1
	for _, w := range order {
		i := strings.Index(body, w)
		if i < last {
			t.Fatalf("%q missing or out of order in:\n%s", w, body)
		}
		last = i
	}
	if strings.Contains(body, "Trống") {
		t.Error("a field without procedures is listed")
	}
	g := Groups(testCatalogue())
	if len(g) != 3 || g[0].Field.ID != "chung-thuc" || len(g[1].Procs) != 1 || g[2].Procs[0].Code != "9.999999" {
		t.Fatalf("groups: %+v", g)
	}
}

// TestPagesEscapeCatalogueText: catalogue text and the centre's name are
// text, never markup, and a guidance URL that is not http(s) is not linked.
func TestPagesEscapeCatalogueText(t *testing.T) {
	for _, target := range []string{"/p/", "/p/2.000815"} {
		_, body := serve(t, target)
		if strings.Contains(body, "<script>") || strings.Contains(body, "<i>Gia Viên</i>") {
			t.Fatalf("%s: catalogue text not escaped:\n%s", target, body)
		}
		if !strings.Contains(body, "&lt;i&gt;Gia Viên&lt;/i&gt;") {
			t.Fatalf("%s: the centre's name is missing", target)
		}
	}
	_, body := serve(t, "/p/2.000815")
	if strings.Contains(body, "javascript:") {
		t.Fatal("a javascript: guidance URL became a link")
	}
	if !strings.Contains(body, "2.000 đ/trang; từ trang 3: 1.000 đ/trang; tối đa 200.000 đ/bản") {
		t.Fatalf("per-page fee not worded:\n%s", body)
	}
	_, body = serve(t, "/p/2.000635")
	if !strings.Contains(body, "Tờ khai &lt;b&gt;theo mẫu&lt;/b&gt;") {
		t.Fatal("a document's markup is not escaped")
	}
}

// TestPagesFramingAndStyle: the pages may be framed by another site (the
// ward's website) but run no script; the stylesheet's address carries its
// checksum and is cached long only under it.
func TestPagesFramingAndStyle(t *testing.T) {
	res, body := serve(t, "/p/")
	csp := res.Header.Get("Content-Security-Policy")
	for _, w := range []string{"frame-ancestors *", "default-src 'none'", "style-src 'self'"} {
		if !strings.Contains(csp, w) {
			t.Errorf("CSP %q lacks %q", csp, w)
		}
	}
	if strings.Contains(csp, "script-src") || res.Header.Get("X-Frame-Options") != "" || res.Header.Get("Set-Cookie") != "" {
		t.Errorf("headers: %v", res.Header)
	}
	href := cssPath + "?v=" + cssSum
	if !strings.Contains(body, `href="`+href+`"`) {
		t.Fatalf("page does not link %s", href)
	}
	res, css := serve(t, href)
	if res.StatusCode != 200 || !strings.Contains(css, "font-size") || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("style (%d, %q)", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	if res, _ := serve(t, cssPath+"?v=old"); strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Fatal("a stale checksum is cached for a year")
	}
}

// TestQRTarget: the centre's public page when the centre has a public
// address, the national portal otherwise.
func TestQRTarget(t *testing.T) {
	p := contract.Procedure{Code: "2.000815", GuidanceURL: "https://dichvucong.gov.vn/x?ma=2.000815"}
	if got := QRTarget("http://192.168.1.10/", p); got != "http://192.168.1.10/p/2.000815" {
		t.Errorf("with a public URL: %q", got)
	}
	if got := QRTarget("", p); got != p.GuidanceURL {
		t.Errorf("without: %q", got)
	}
}

// TestOfficialNameOnce: a procedure whose short name is its official name
// shows it once; one with a short name shows both.
func TestOfficialNameOnce(t *testing.T) {
	_, body := serve(t, "/p/9.999999")
	if n := strings.Count(body, "Thủ tục lạc"); n != 2 { // the title and the h1
		t.Errorf("the name appears %d times, want 2 (title, heading)", n)
	}
	_, body = serve(t, "/p/2.000635")
	if !strings.Contains(body, `<p class="official">Cấp bản sao Trích lục hộ tịch</p>`) {
		t.Error("the official name is missing beside the short name")
	}
}

// TestProcedurePageFeesOfTheDay: the page shows the fee rules in force on
// the centre's service day, each channel on its line, with the condition
// and the exempt classes; the rule that has ended is not shown; a
// procedure without any fee says "Không thu phí, lệ phí" with its ground.
func TestProcedurePageFeesOfTheDay(t *testing.T) {
	cat := testCatalogue()
	cat.Procedures[0].Fees = []contract.Fee{
		{Label: contract.Text{VI: "Lệ phí"}, Kind: contract.FeeFlat, Amount: 50000, Source: "NQ cũ", Until: "2026-08-07"},
		{Label: contract.Text{VI: "Lệ phí"}, Kind: contract.FeeFlat, Amount: 50000, Source: "NQ trực tiếp", From: "2026-08-08", Channel: contract.ChannelInPerson,
			Condition: contract.Text{VI: "khi đăng ký quá hạn"}},
		{Label: contract.Text{VI: "Lệ phí"}, Kind: contract.FeeFree, Source: "Nghị quyết số 23/2026/NQ-HĐND", From: "2026-08-08", Channel: contract.ChannelOnline},
	}
	cat.Procedures[0].FeeExemptions = []contract.FeeExemption{{Who: contract.Text{VI: "Hộ nghèo"}, Source: "Nghị quyết số 16/2023/NQ-HĐND"}}
	h := NewPages(fakeSource{cat: cat, set: contract.Settings{TimeZone: "Asia/Ho_Chi_Minh"}})
	get := func(target string) string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		return rec.Body.String()
	}
	body := get("/p/2.000635")
	for _, w := range []string{"Lệ phí – Nộp trực tiếp: 50.000 đ", "Điều kiện thu: khi đăng ký quá hạn", "Căn cứ: NQ trực tiếp",
		"Lệ phí – Nộp trực tuyến: Miễn phí", "Căn cứ: Nghị quyết số 23/2026/NQ-HĐND", "Đối tượng được miễn:", "Hộ nghèo (Nghị quyết số 16/2023/NQ-HĐND)"} {
		if !strings.Contains(body, w) {
			t.Errorf("the page lacks %q", w)
		}
	}
	if strings.Contains(body, "NQ cũ") {
		t.Error("the page shows a rule that ended on 07/8/2026")
	}
	if body := get("/p/9.999999"); !strings.Contains(body, "Không thu phí, lệ phí") || !strings.Contains(body, "Luật Phí và lệ phí 2015") {
		t.Error("a procedure without fees does not say so with its ground")
	}
}

// TestSameDayBadgeSaysTheCutoff: a page can be read at any hour, so the
// Wednesday same-day badge carries the procedure's cut-off.
func TestSameDayBadgeSaysTheCutoff(t *testing.T) {
	p := contract.Procedure{SameDayWednesday: true, SameDayCutoff: "15:00"}
	if got := Badges(p, "vi"); len(got) != 1 || got[0] != "Thứ Tư trả kết quả trong ngày (nhận trước 15:00)" {
		t.Errorf("badges %q", got)
	}
	p.SameDayCutoff = ""
	if got := Badges(p, "en"); len(got) != 1 || got[0] != "Wednesday: result the same day" {
		t.Errorf("badges without a cut-off %q", got)
	}
}
