package api

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"

	"motcua/server/auth"
	"motcua/server/coded"
	"motcua/server/contract"
	"motcua/server/publish"
)

// noticeBoard sends the printable notice board ("Bảng niêm yết") as an A4
// PDF: of one field with ?field=<id>, of every field otherwise. Staff print
// it for the centre's notice board (plan A.1, A.4).
func (a *API) noticeBoard(w http.ResponseWriter, r *http.Request, _ auth.Principal) error {
	field := r.URL.Query().Get("field")
	var buf bytes.Buffer
	err := publish.NoticeBoard(&buf, a.Engine.CatalogueView(), field, a.notice())
	if errors.Is(err, publish.ErrNoField) {
		return coded.New(contract.CodeNotFound, "Không có lĩnh vực này hoặc lĩnh vực chưa có thủ tục / no such field, or it has no procedure")
	}
	if err != nil {
		return err
	}
	name := "bang-niem-yet"
	if field != "" {
		name += "-" + field
	}
	return sendPDF(w, name, buf.Bytes())
}

// qrSheet sends the sheet of one QR code per procedure, to stick on the
// counters (plan C.5).
func (a *API) qrSheet(w http.ResponseWriter, r *http.Request, _ auth.Principal) error {
	var buf bytes.Buffer
	if err := publish.QRSheet(&buf, a.Engine.CatalogueView(), a.notice()); err != nil {
		return err
	}
	return sendPDF(w, "ma-qr-thu-tuc", buf.Bytes())
}

// notice is the centre's name, public address and today, for the PDFs.
func (a *API) notice() publish.Notice {
	s := a.Engine.Settings()
	return publish.Notice{Centre: s.CentreName, PublicURL: s.PublicURL, Date: a.Engine.Now(), Zone: s.TimeZone}
}

func sendPDF(w http.ResponseWriter, name string, b []byte) error {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.pdf"`, name))
	_, err := w.Write(b)
	return err
}
