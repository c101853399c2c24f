package publish

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"motcua/server/catalogue"
	"motcua/server/contract"
)

var testNotice = Notice{
	Centre:    contract.Text{VI: "Trung tâm Phục vụ hành chính công phường Gia Viên"},
	PublicURL: "http://192.168.1.20:8080",
	Date:      time.Date(2026, 11, 30, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600)),
	Zone:      "Asia/Ho_Chi_Minh",
}

// tool runs a poppler or zbar command within its own deadline, skipping
// the test when the tool is not installed.
func tool(t *testing.T, name string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not installed (make deps-test)", name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

func writePDF(t *testing.T, write func(*bytes.Buffer) error) string {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// flat joins a text's words with single spaces, so a name wrapped over
// lines of a table cell compares with the catalogue's.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestNoticeBoardText: the notice board of every field, read back with
// pdftotext, carries the heading of a Vietnamese notice and, for every
// procedure, its official name, code, time, and every fee line with its
// legal source, exactly as the catalogue words them.
func TestNoticeBoardText(t *testing.T) {
	cat := catalogue.Default()
	path := writePDF(t, func(b *bytes.Buffer) error { return NoticeBoard(b, cat, "", testNotice) })
	text := flat(tool(t, "pdftotext", "-enc", "UTF-8", path, "-"))
	for _, w := range []string{"TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG GIA VIÊN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập – Tự do – Hạnh phúc", "BẢNG NIÊM YẾT THỦ TỤC HÀNH CHÍNH", "Niêm yết ngày 30 tháng 11 năm 2026",
		"Lĩnh vực: Hộ tịch", "Lĩnh vực: Chứng thực"} {
		if !strings.Contains(text, w) {
			t.Errorf("notice board lacks %q", w)
		}
	}
	names, times, fees := column(t, path, 1), column(t, path, 2), column(t, path, 3)
	if !strings.Contains(fees, "Phí cấp bản sao trích lục hộ tịch: 8.000 đ/bản sao Căn cứ: Thông tư số 281/2016/TT-BTC") {
		t.Errorf("the copy fee is not worded as the kiosk words it: %s", fees)
	}
	for _, p := range cat.Procedures {
		for _, w := range []string{flat(p.Name.VI), "Mã: " + p.Code} {
			if !strings.Contains(names, w) {
				t.Errorf("%s: the name column lacks %q", p.Code, w)
			}
		}
		if w := flat(p.ProcessingTime.VI); !strings.Contains(times, w) {
			t.Errorf("%s: the time column lacks %q", p.Code, w)
		}
		for _, f := range FeesOn(p, "2026-11-30") { // the rules in force on the posting date
			for _, w := range []string{flat(FeeLine(f, "vi")), flat(FeeSource(f, "vi"))} {
				if !strings.Contains(fees, w) {
					t.Errorf("%s: the fee column lacks %q", p.Code, w)
				}
			}
		}
		if len(p.Fees) == 0 && !strings.Contains(fees, NoFee("vi")) {
			t.Errorf("%s: no fee, and the fee column does not say so", p.Code)
		}
	}
	// NQ 12/2026 makes household-business registration free from 08/8/2026:
	// the council's rate before it is not posted on 30/11/2026.
	if w := "Lệ phí đăng ký hộ kinh doanh: Theo Nghị quyết"; strings.Contains(fees, w) {
		t.Errorf("the notice posts a rate no longer in force (%q)", w)
	}
	if !strings.Contains(fees, "Nghị quyết số 12/2026") && !strings.Contains(fees, "12/2026/NQ-HĐND") {
		t.Errorf("the notice does not cite NQ 12/2026 for the free household-business registration")
	}
}

// column is the text of one column of the notice's table on every page,
// read with pdftotext cropped to the column (72 dpi: a pixel is a point),
// its words joined by single spaces.
func column(t *testing.T, path string, i int) string {
	t.Helper()
	x := margin
	for _, c := range noticeCols[:i] {
		x += c.w
	}
	pt := func(mm float64) string { return strconv.Itoa(int(mm * 72 / 25.4)) }
	return flat(tool(t, "pdftotext", "-enc", "UTF-8", "-r", "72", "-x", pt(x), "-y", "0",
		"-W", pt(noticeCols[i].w), "-H", pt(pageH), path, "-"))
}

// TestNoticeBoardOneField: a field's board lists that field only; an
// unknown field is refused.
func TestNoticeBoardOneField(t *testing.T) {
	cat := catalogue.Default()
	path := writePDF(t, func(b *bytes.Buffer) error { return NoticeBoard(b, cat, "chung-thuc", testNotice) })
	text := flat(tool(t, "pdftotext", "-enc", "UTF-8", path, "-"))
	if !strings.Contains(text, "Lĩnh vực: Chứng thực") || strings.Contains(text, "Lĩnh vực: Hộ tịch") {
		t.Fatalf("one field's board: %s", text)
	}
	if !strings.Contains(text, "Lệ phí: 10.000 đ") && !strings.Contains(text, "10.000 đ") {
		t.Fatalf("the signature fee is missing: %s", text)
	}
	if err := NoticeBoard(&bytes.Buffer{}, cat, "no-such", testNotice); err != ErrNoField {
		t.Fatalf("unknown field: %v", err)
	}
}

// TestNoticeBoardQRCodesDecode: the board's pages, rasterised with
// pdftoppm, holds QR codes that zbarimg reads as the procedures' public
// pages, in table order.
func TestNoticeBoardQRCodesDecode(t *testing.T) {
	cat := catalogue.Default()
	path := writePDF(t, func(b *bytes.Buffer) error { return NoticeBoard(b, cat, "chung-thuc", testNotice) })
	prefix := filepath.Join(t.TempDir(), "page")
	tool(t, "pdftoppm", "-r", "200", "-png", path, prefix)
	pngs, _ := filepath.Glob(prefix + "*.png")
	if len(pngs) == 0 {
		t.Fatal("pdftoppm wrote no page")
	}
	args := append([]string{"--raw", "-q", "-Sdisable", "-Sqrcode.enable"}, pngs...)
	got := strings.Fields(tool(t, "zbarimg", args...))
	var want []string
	for _, g := range Groups(cat) {
		if g.Field.ID != "chung-thuc" {
			continue
		}
		for _, p := range g.Procs {
			want = append(want, testNotice.PublicURL+"/p/"+p.Code)
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("QR codes read %v, want %v", got, want)
	}
}

// TestQRSheet: one QR code per procedure with its short name and code;
// without a public address the codes open the national portal.
func TestQRSheet(t *testing.T) {
	cat := catalogue.Default()
	n := testNotice
	n.PublicURL = ""
	path := writePDF(t, func(b *bytes.Buffer) error { return QRSheet(b, cat, n) })
	text := flat(tool(t, "pdftotext", "-enc", "UTF-8", path, "-"))
	for _, p := range cat.Procedures {
		for _, w := range []string{flat(p.Short().VI), "Mã thủ tục: " + p.Code} {
			if !strings.Contains(text, w) {
				t.Errorf("QR sheet lacks %q", w)
			}
		}
	}
	prefix := filepath.Join(t.TempDir(), "sheet")
	tool(t, "pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", path, prefix)
	pngs, _ := filepath.Glob(prefix + "*.png")
	got := strings.Fields(tool(t, "zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", pngs[0]))
	if len(got) != 12 {
		t.Fatalf("first sheet page has %d QR codes, want 12: %v", len(got), got)
	}
	for _, u := range got {
		if !strings.HasPrefix(u, "https://") || strings.Contains(u, "192.168") {
			t.Errorf("without a public address a code reads %q", u)
		}
	}
}
