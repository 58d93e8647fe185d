using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SupplyChainTools.Core.Sbom
{
    /// <summary>How a component's fields are written in both formats: hash algorithm names, licenses, URLs, times.</summary>
    internal static class SbomFields
    {
        private static readonly Regex LicenseId = new Regex("^(LicenseRef-)?[A-Za-z0-9][A-Za-z0-9.+-]*$", RegexOptions.CultureInvariant);

        /// <summary>
        /// True when the license text reads as an SPDX license expression (ids joined by AND, OR, WITH and
        /// parentheses, as npm, nuspec expressions, apk and License-Expression record them); free text such as
        /// "Apache 2.0" or a URL is not one and is written as a license name instead.
        /// </summary>
        public static bool IsLicenseExpression(string? license)
        {
            if (string.IsNullOrWhiteSpace(license) || license!.Length > 500)
            {
                return false;
            }

            bool expectId = true;
            foreach (string token in license.Replace("(", " ( ").Replace(")", " ) ").Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (token == "(" || token == ")")
                {
                    continue;
                }

                bool isOperator = token == "AND" || token == "OR" || token == "WITH";
                if (expectId == isOperator || (!isOperator && (!LicenseId.IsMatch(token) || !HasLetter(token))))
                {
                    return false;
                }

                expectId = isOperator;
            }

            return !expectId;
        }

        public static bool IsUrl(string? text) =>
            text != null && Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && (uri.Scheme == "https" || uri.Scheme == "http" || uri.Scheme == "git+https" || uri.Scheme == "ssh");

        /// <summary>SHA512 → "SHA-512" (CycloneDX), MD5 → "MD5".</summary>
        public static string CycloneDxAlgorithm(string algorithm) => algorithm.StartsWith("SHA", StringComparison.Ordinal) ? "SHA-" + algorithm.Substring(3) : algorithm;

        /// <summary>"2024-03-05T09:20:30Z": UTC to the second, as both specifications write times.</summary>
        public static string Time(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private static bool HasLetter(string token)
        {
            foreach (char c in token)
            {
                if (char.IsLetter(c))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
