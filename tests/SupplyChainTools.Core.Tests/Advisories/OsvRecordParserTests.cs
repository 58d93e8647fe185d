using System;
using SupplyChainTools.Core.Advisories;

namespace SupplyChainTools.Core.Tests.Advisories
{
    /// <summary>The OSV record reader on System.Text.Json: strict JSON, errors naming the record and line, bounded depth.</summary>
    public sealed class OsvRecordParserTests
    {
        [Theory]
        [InlineData("", 1)]
        [InlineData("{", 1)]
        [InlineData("{\"id\": \"X\",}", 1)]
        [InlineData("{\n\"id\":\n tru}", 3)]
        [InlineData("{\"id\": 01}", 1)]
        [InlineData("{\"id\": \"\\x\"}", 1)]
        [InlineData("{} {}", 1)]
        [InlineData("{'id': \"X\"}", 1)]
        [InlineData("{\"id\": NaN}", 1)]
        [InlineData("{\"id\": \"X\" /* comment */}", 1)]
        [InlineData("\n\n{\"id\": \"X\",\n\"aliases\": [\n]]", 5)]
        public void MalformedText_IsOneErrorNamingTheRecordAndLine(string text, int line)
        {
            OsvRecordException error = Assert.Throws<OsvRecordException>(() => OsvRecordParser.Parse(text, "rec.json", default));
            Assert.Equal(line, error.Line);
            Assert.Contains("rec.json", error.Message);
            Assert.Contains("(line " + line + ")", error.Message);
        }

        [Fact]
        public void DeepNesting_IsRefused_NotAStackOverflow()
        {
            string deep = "{\"id\": \"X\", \"x\": " + new string('[', 100_000) + new string(']', 100_000) + "}";
            Assert.Throws<OsvRecordException>(() => OsvRecordParser.Parse(deep, "deep.json", default));
            string allowed = "{\"id\": \"X\", \"x\": " + new string('[', 63) + new string(']', 63) + "}";
            Assert.Equal("X", OsvRecordParser.Parse(allowed, "ok.json", default).Id);
        }

        [Fact]
        public void AnEscapedLoneSurrogate_IsARecordError_NotACrash()
        {
            Assert.Throws<OsvRecordException>(() => OsvRecordParser.Parse("{\"id\": \"\\ud800\"}", "s.json", default));
        }

        [Fact]
        public void TooManyVersions_AreRefused()
        {
            string versions = string.Join(",", System.Linq.Enumerable.Repeat("\"1\"", OsvRecordParser.MaximumVersions + 1));
            string text = "{\"id\": \"X\", \"affected\": [{\"package\": {\"ecosystem\": \"npm\", \"name\": \"a\"}, \"versions\": [" + versions + "]}]}";
            Assert.Contains("versions", Assert.Throws<OsvRecordException>(() => OsvRecordParser.Parse(text, "many.json", default)).Message);
        }

        [Fact]
        public void Cancellation_IsHonoured()
        {
            using var cancelled = new System.Threading.CancellationTokenSource();
            cancelled.Cancel();
            Assert.Throws<OperationCanceledException>(() => OsvRecordParser.Parse("{\"id\": \"X\"}", "c.json", cancelled.Token));
        }
    }
}
