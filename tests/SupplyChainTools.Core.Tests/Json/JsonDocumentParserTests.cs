using System;
using System.Linq;
using System.Text;
using SupplyChainTools.Core.Json;

namespace SupplyChainTools.Core.Tests.Json
{
    public sealed class JsonDocumentParserTests
    {
        [Fact]
        public void ADocument_AgreesWithSystemTextJson()
        {
            const string Text = "\uFEFF{\"a\": [1, -2.5e+3, true, false, null, \"x\\u00e9\\n\\\"\"], \"b\": {\"c\": {}}, \"d\": []}";
            JsonNode root = JsonDocumentParser.Parse(Text);
            using System.Text.Json.JsonDocument expected = System.Text.Json.JsonDocument.Parse(Text.Substring(1));

            Assert.Equal(JsonKind.Object, root.Kind);
            Assert.Equal(new[] { "a", "b", "d" }, root.Members.Select(m => m.Key));
            Assert.Equal(expected.RootElement.GetProperty("a")[5].GetString(), root["a"]!.Items[5].Text);
            Assert.Equal("-2.5e+3", root["a"]!.Items[1].Text);
            Assert.Equal(new[] { JsonKind.Number, JsonKind.Number, JsonKind.True, JsonKind.False, JsonKind.Null, JsonKind.String }, root["a"]!.Items.Select(i => i.Kind));
            Assert.Equal(JsonKind.Object, root["b"]!["c"]!.Kind);
        }

        [Theory]
        [InlineData("", 1)]
        [InlineData("{", 1)]
        [InlineData("{\"a\": 1,}", 1)]
        [InlineData("[1, 2", 1)]
        [InlineData("{\n\"a\":\n tru}", 3)]
        [InlineData("{\"a\": 01}", 1)]
        [InlineData("{\"a\": \"\\x\"}", 1)]
        [InlineData("{\"a\": \"\t\"}", 1)]
        [InlineData("{} {}", 1)]
        [InlineData("{'a': 1}", 1)]
        [InlineData("{\"a\": NaN}", 1)]
        [InlineData("\n\n[1,\n2,\n]", 5)]
        public void MalformedText_IsOneErrorWithItsLine(string text, int line)
        {
            JsonFormatException error = Assert.Throws<JsonFormatException>(() => JsonDocumentParser.Parse(text));
            Assert.Equal(line, error.Line);
            Assert.ThrowsAny<Exception>(() => System.Text.Json.JsonDocument.Parse(text));
        }

        [Fact]
        public void DeepNesting_IsRefused_NotAStackOverflow()
        {
            string deep = new string('[', 100_000) + new string(']', 100_000);
            JsonFormatException error = Assert.Throws<JsonFormatException>(() => JsonDocumentParser.Parse(deep));
            Assert.Contains("nested", error.Message);
            JsonDocumentParser.Parse(new string('[', JsonDocumentParser.MaximumDepth) + new string(']', JsonDocumentParser.MaximumDepth));
        }

        [Fact]
        public void TooManyValues_AreRefused()
        {
            var text = new StringBuilder("[");
            text.Insert(1, "0,", JsonDocumentParser.MaximumValues).Append("0]");
            Assert.Contains("values", Assert.Throws<JsonFormatException>(() => JsonDocumentParser.Parse(text.ToString())).Message);
        }

        [Fact]
        public void Cancellation_IsHonoured()
        {
            using var cancelled = new System.Threading.CancellationTokenSource();
            cancelled.Cancel();
            string many = "[" + string.Join(",", Enumerable.Repeat("1", 10_000)) + "]";
            Assert.Throws<OperationCanceledException>(() => JsonDocumentParser.Parse(many, cancelled.Token));
        }
    }
}
