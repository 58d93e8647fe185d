using System.Linq;
using System.Text;
using SupplyChainTools.Core.Scripts;

namespace SupplyChainTools.Core.Tests.Scripts
{
    public sealed class ScriptTextDecoderTests
    {
        [Fact]
        public void Windows1252TableMatchesThePlatformCodePageForEveryByte()
        {
            Encoding platform = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
            byte[] everyByte = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();

            string ours = ScriptTextDecoder.DecodeWindows1252(everyByte);
            string theirs = platform.GetString(everyByte);

            Assert.Equal(theirs, ours);
        }

        [Theory]
        [InlineData(new byte[] { 0x41, 0xC5, 0xBC }, true)] // "Aż"
        [InlineData(new byte[] { 0x41, 0x42, 0x43 }, false)] // ASCII only: ANSI reading
        [InlineData(new byte[] { 0x63, 0x61, 0x66, 0xE9, 0x0D }, false)] // E9 not followed by a continuation byte
        [InlineData(new byte[] { 0xC0, 0x80 }, false)] // overlong
        [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, false)] // UTF-16 surrogate encoded in UTF-8
        [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, false)] // above U+10FFFF
        [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, true)] // U+1F600
        public void Utf8DetectionLooksForValidMultiByteSequences(byte[] bytes, bool expectedUtf8)
        {
            Assert.Equal(expectedUtf8, ScriptTextDecoder.LeadingBytesHoldValidMultiByteUtf8(bytes));
        }

        [Fact]
        public void Utf8DetectionOnlyLooksAtTheFirst32Bytes()
        {
            byte[] late = Enumerable.Repeat((byte)'a', 32).Concat(new byte[] { 0xC5, 0xBC }).ToArray();
            byte[] cutAtWindow = Enumerable.Repeat((byte)'a', 31).Concat(new byte[] { 0xC5, 0xBC }).ToArray();

            Assert.False(ScriptTextDecoder.LeadingBytesHoldValidMultiByteUtf8(late));
            Assert.True(ScriptTextDecoder.LeadingBytesHoldValidMultiByteUtf8(cutAtWindow));
        }

        [Theory]
        [InlineData(new byte[] { 0xFF, 0xFE, 0x41, 0x00 }, "UTF-16LE (BOM)", "\uFEFFA")]
        [InlineData(new byte[] { 0xFE, 0xFF, 0x00, 0x41 }, "UTF-16BE (BOM)", "\uFEFFA")]
        [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x41 }, "UTF-8 (BOM)", "\uFEFFA")]
        [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00 }, "UTF-32LE (BOM)", "\uFEFFA")]
        [InlineData(new byte[] { 0x41, 0x80 }, "Windows-1252", "A\u20AC")]
        public void ByteOrderMarkIsDetectedAndKeptAsFeff(byte[] bytes, string expectedEncoding, string expectedText)
        {
            string text = ScriptTextDecoder.Decode(bytes, out string encoding, out _);

            Assert.Equal(expectedEncoding, encoding);
            Assert.Equal(expectedText, text);
        }

        [Fact]
        public void UnpairedUtf16SurrogatesAreKeptAsTheyAre()
        {
            byte[] loneHighSurrogate = { 0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00 };

            string text = ScriptTextDecoder.Decode(loneHighSurrogate, out _, out _);

            Assert.Equal("\uFEFF\uD800A", text);
        }
    }
}
