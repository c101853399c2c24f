// Package printer prints the kiosk's queue tickets on ESC/POS thermal
// printers.
//
// Receipt printers print text only in the code pages their firmware has,
// and few have a complete Vietnamese one, so tickets are drawn instead:
// Render lays a TicketLayout out as a black-and-white picture with an
// embedded Noto Sans, Encode wraps the picture in ESC/POS raster commands,
// and a Printer (TCPPrinter for the raw port 9100, DevicePrinter for a USB
// device file) sends the job after asking the printer whether it has paper:
//
//	img := printer.Render(layout, printer.Paper80)
//	err := p.Print(ctx, printer.Encode(img, printer.EncodeOptions{}))
//	if errors.Is(err, printer.ErrPaperOut) { … ask the citizen to call staff … }
//
// Decode reads a job back, so tests (with the fake printer in printertest)
// can check what actually went over the wire against golden images.
package printer
