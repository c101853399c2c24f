package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"motcua/assets"
	"motcua/server/contract"
)

// Notice says whose notice board is printed, when, and where its QR codes
// lead.
type Notice struct {
	// Centre heads the page; PublicURL, when set, makes each QR code open
	// the centre's own page of the procedure (see QRTarget).
	Centre    contract.Text
	PublicURL string
	// Date is the posting date printed under the heading (the centre's
	// clock, in its zone); it is also the PDF's creation date, so the same
	// catalogue on the same day gives the same file.
	Date time.Time
	// Zone is the centre's time zone (Settings.TimeZone): the posting date
	// and the fees in force are those of the centre's day.
	Zone string
}

// local is the posting time in the centre's zone.
func (n Notice) local() time.Time {
	loc, err := time.LoadLocation(n.Zone)
	if err != nil {
		loc = time.UTC
	}
	return n.Date.In(loc)
}

// A4 portrait, in millimetres.
const (
	pageW, pageH = 210.0, 297.0
	margin       = 15.0
	lineH        = 4.6
	qrSide       = 22.0
)

// Table columns of the notice board: STT, procedure, time, fee, QR.
var noticeCols = []struct {
	w     float64
	title string
}{{9, "STT"}, {50, "Tên thủ tục hành chính"}, {36, "Thời hạn giải quyết"}, {60, "Phí, lệ phí (căn cứ)"}, {25, "Mã QR"}}

// ErrNoField is returned for a field that is not in the catalogue or has no
// procedure.
var ErrNoField = fmt.Errorf("publish: no such field")

// NoticeBoard writes the "Bảng niêm yết thủ tục hành chính" of one field
// (or of every field, each from a new page, when field is empty) as an A4
// PDF, in the layout of a Vietnamese public notice: the centre's name and
// the national motto side by side, the title, the field, and a table of the
// procedures with their time, fee with its legal source and a QR code.
func NoticeBoard(w io.Writer, cat contract.Catalogue, field string, n Notice) error {
	var groups []group
	for _, g := range Groups(cat) {
		if field == "" || g.Field.ID == field {
			groups = append(groups, g)
		}
	}
	if len(groups) == 0 {
		return ErrNoField
	}
	d := newDoc(n)
	for _, g := range groups {
		d.noticePage(g)
	}
	return d.output(w)
}

// doc is a PDF being written with the embedded Noto Sans faces, which cover
// every Vietnamese letter.
type doc struct {
	*fpdf.Fpdf
	n      Notice
	images map[string]string
	field  string
}

func newDoc(n Notice) *doc {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(false, margin)
	p.AddUTF8FontFromBytes("noto", "", assets.NotoSansRegular)
	p.AddUTF8FontFromBytes("noto", "B", assets.NotoSansBold)
	p.SetCreationDate(n.Date)
	p.SetModificationDate(n.Date)
	p.SetCatalogSort(true)
	p.SetTitle("Bảng niêm yết thủ tục hành chính – "+n.Centre.VI, true)
	p.SetCreator("motcua", true)
	p.AliasNbPages("{nb}")
	d := &doc{Fpdf: p, n: n, images: map[string]string{}}
	p.SetFooterFunc(d.footer)
	return d
}

func (d *doc) output(w io.Writer) error {
	if err := d.Error(); err != nil {
		return err
	}
	return d.Output(w)
}

func (d *doc) footer() {
	d.SetFont("noto", "", 8)
	d.SetXY(margin, pageH-10)
	d.CellFormat(pageW-2*margin, 4, fmt.Sprintf("Trang %d/{nb}", d.PageNo()), "", 0, "C", false, 0, "")
}

// noticePage starts a field on a new page: the heading block, then the table.
func (d *doc) noticePage(g group) {
	d.AddPage()
	d.field = g.Field.Name.VI
	d.heading(g.Field.Name.VI)
	d.tableHead()
	for i, p := range g.Procs {
		d.row(i+1, p)
	}
}

// heading is the block every Vietnamese notice opens with: the issuing
// body on the left, the national name and motto on the right, then the
// date, the title and the field.
func (d *doc) heading(field string) {
	top := d.GetY()
	d.SetFont("noto", "B", 10)
	d.SetXY(margin, top)
	d.MultiCell(85, lineH, strings.ToUpper(d.n.Centre.VI), "", "C", false)
	left := d.GetY()
	d.Line(margin+30, left+1, margin+55, left+1)
	d.SetXY(margin+85, top)
	d.MultiCell(95, lineH, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", "C", false)
	d.SetX(margin + 85)
	d.SetFont("noto", "B", 11)
	d.MultiCell(95, lineH+1, "Độc lập – Tự do – Hạnh phúc", "", "C", false)
	right := d.GetY()
	d.Line(margin+85+22, right+1, margin+85+73, right+1)
	d.SetY(max(left, right) + 4)
	d.SetFont("noto", "", 10)
	t := d.n.local()
	d.CellFormat(0, lineH, fmt.Sprintf("Niêm yết ngày %02d tháng %02d năm %d", t.Day(), int(t.Month()), t.Year()), "", 1, "R", false, 0, "")
	d.Ln(3)
	d.SetFont("noto", "B", 16)
	d.CellFormat(0, 8, "BẢNG NIÊM YẾT THỦ TỤC HÀNH CHÍNH", "", 1, "C", false, 0, "")
	d.SetFont("noto", "B", 13)
	d.CellFormat(0, 7, "Lĩnh vực: "+field, "", 1, "C", false, 0, "")
	d.SetFont("noto", "", 9)
	d.CellFormat(0, lineH, "Quét mã QR để xem giấy tờ cần nộp, các bước và căn cứ pháp lý của từng thủ tục.", "", 1, "C", false, 0, "")
	d.Ln(2)
}

func (d *doc) tableHead() {
	d.SetFont("noto", "B", 10)
	d.SetFillColor(230, 230, 230)
	for _, c := range noticeCols {
		d.CellFormat(c.w, 10, c.title, "1", 0, "C", true, 0, "")
	}
	d.Ln(-1)
}

// row draws one procedure; a row that does not fit moves to a new page
// under the table's heading again.
func (d *doc) row(n int, p contract.Procedure) {
	cells := []string{fmt.Sprint(n), p.Name.VI + "\nMã: " + p.Code, p.ProcessingTime.VI, feeCell(p, Day(d.n.Date, d.n.Zone))}
	d.SetFont("noto", "", 9)
	h := qrSide + 3
	for i, c := range cells {
		h = max(h, float64(len(d.lines(c, noticeCols[i].w)))*lineH+2)
	}
	if d.GetY()+h > pageH-margin-5 {
		d.AddPage()
		d.SetFont("noto", "B", 11)
		d.CellFormat(0, 7, "Lĩnh vực: "+d.field+" (tiếp theo)", "", 1, "L", false, 0, "")
		d.tableHead()
		d.SetFont("noto", "", 9)
	}
	x, y := margin, d.GetY()
	for i, c := range cells {
		d.Rect(x, y, noticeCols[i].w, h, "D")
		d.SetXY(x, y+1)
		align := "L"
		if i == 0 {
			align = "C"
		}
		d.MultiCell(noticeCols[i].w, lineH, strings.Join(d.lines(c, noticeCols[i].w), "\n"), "", align, false)
		x += noticeCols[i].w
	}
	w := noticeCols[len(noticeCols)-1].w
	d.Rect(x, y, w, h, "D")
	d.qr(QRTarget(d.n.PublicURL, p), x+(w-qrSide)/2, y+(h-qrSide)/2, qrSide)
	d.SetXY(margin, y+h)
}

// lines wraps text to a column, keeping its own line breaks.
func (d *doc) lines(text string, w float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		if para == "" {
			continue
		}
		out = append(out, d.SplitText(para, w)...)
	}
	return out
}

// feeCell is every fee of a procedure with its legal source.
//
// The rules are those in force on day (the notice's posting date): a
// board posted before a council's new rate begins shows the old one.
func feeCell(p contract.Procedure, day string) string {
	if len(p.Fees) == 0 {
		return NoFee("vi") + "\n" + NoFeeSource("vi")
	}
	fees := FeesOn(p, day)
	if len(fees) == 0 {
		return NoCurrent("vi")
	}
	var parts []string
	for _, f := range fees {
		s := FeeLine(f, "vi")
		if c := FeeCondition(f, "vi"); c != "" {
			s += " (" + c + ")"
		}
		if note := f.Note.VI; note != "" {
			s += " (" + note + ")"
		}
		parts = append(parts, s+"\n"+FeeSource(f, "vi"))
	}
	if ex := Exemptions(p, "vi"); len(ex) > 0 {
		parts = append(parts, ExemptHeading("vi")+" "+strings.Join(ex, "; "))
	}
	return strings.Join(parts, "\n")
}

// qr draws a QR code of target; nothing when there is no target or it
// cannot be encoded (far too long), so the cell stays empty rather than
// showing a wrong code.
func (d *doc) qr(target string, x, y, side float64) {
	if target == "" {
		return
	}
	name, ok := d.images[target]
	if !ok {
		png, err := qrcode.Encode(target, qrcode.Medium, 512)
		if err != nil {
			return
		}
		sum := sha256.Sum256([]byte(target))
		name = "qr-" + hex.EncodeToString(sum[:8])
		d.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
		d.images[target] = name
	}
	d.ImageOptions(name, x, y, side, side, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
}

// QRSheet writes an A4 sheet of QR codes, one per procedure with its short
// name and code under it (3 × 4 to a page, cut along the frames), to stick
// on the counters that receive them.
func QRSheet(w io.Writer, cat contract.Catalogue, n Notice) error {
	const cols, rows = 3, 4
	cw, ch := (pageW-2*margin)/cols, (pageH-2*margin-8)/rows
	d := newDoc(n)
	i := 0
	for _, g := range Groups(cat) {
		for _, p := range g.Procs {
			if i%(cols*rows) == 0 {
				d.AddPage()
			}
			c, r := i%cols, (i/cols)%rows
			d.sheetCell(p, margin+float64(c)*cw, margin+float64(r)*ch, cw, ch)
			i++
		}
	}
	if i == 0 {
		d.AddPage()
	}
	return d.output(w)
}

func (d *doc) sheetCell(p contract.Procedure, x, y, w, h float64) {
	d.SetDrawColor(160, 160, 160)
	d.Rect(x, y, w, h, "D")
	d.SetDrawColor(0, 0, 0)
	side := 40.0
	d.qr(QRTarget(d.n.PublicURL, p), x+(w-side)/2, y+3, side)
	d.SetFont("noto", "B", 10)
	d.SetXY(x+2, y+side+5)
	lines := d.lines(p.Short().VI, w-4)
	if len(lines) > 3 {
		lines = append(lines[:2], strings.Join(lines[2:], " "))
	}
	d.MultiCell(w-4, lineH, strings.Join(lines, "\n"), "", "C", false)
	d.SetFont("noto", "", 9)
	d.SetX(x + 2)
	d.CellFormat(w-4, lineH, "Mã thủ tục: "+p.Code, "", 1, "C", false, 0, "")
}
