using QRCoder;

namespace Dashboard.Features.TwoFactor;

/// <summary>A QR code drawn on the server as SVG markup (QRCoder): no script, no image request, nothing for the CSP to allow.</summary>
public static class QrCodeSvg
{
    public static string Render(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(new System.Drawing.Size(220, 220), "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
