using System.Collections.Generic;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>The PKCS#7 signature read from a PE certificate table, and what is wrong with the table's shape.</summary>
    internal sealed class CertificateTableReadResult
    {
        public List<(string Status, string Message)> Problems { get; } = new List<(string Status, string Message)>();

        public byte[]? Pkcs7 { get; set; }

        public void AddProblem(string status, string message) => Problems.Add((status, message));
    }
}
