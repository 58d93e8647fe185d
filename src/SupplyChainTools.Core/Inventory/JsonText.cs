using System;
using System.Text.Json;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>Small helpers the JSON evidence readers share: optional string properties and integrity strings.</summary>
    internal static class JsonText
    {
        public static string? String(JsonElement element, string property) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        /// <summary>A subresource-integrity string ("sha512-BASE64") or a bare base64 SHA-512 as (algorithm, upper-case hex); nulls when absent or unreadable.</summary>
        public static (string? Algorithm, string? Hash) Sri(string? integrity)
        {
            if (string.IsNullOrWhiteSpace(integrity))
            {
                return (null, null);
            }

            string text = integrity!.Trim();
            int space = text.IndexOf(' ');
            if (space > 0)
            {
                text = text.Substring(0, space); // several hashes: the first one
            }

            string algorithm = SupportedHashAlgorithms.SHA512;
            int dash = text.IndexOf('-');
            if (dash > 0 && dash < 8)
            {
                string? named = SupportedHashAlgorithms.Normalize(text.Substring(0, dash));
                if (named == null)
                {
                    return (null, null);
                }

                algorithm = named;
                text = text.Substring(dash + 1);
            }

            try
            {
                byte[] digest = Convert.FromBase64String(text);
                return digest.Length == SupportedHashAlgorithms.DigestLength(algorithm) ? (algorithm, HexConverter.ToUpperHex(digest)) : (null, null);
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }
    }
}
