using System.Management.Automation;

namespace SupplyChainTools.Infrastructure
{
    internal static class OutputObjects
    {
        /// <summary>Wraps the record and surfaces each hash as a property named after its algorithm (SHA256, SHA512, ...).</summary>
        public static PSObject ForFileIntegrity(FileIntegrity record, AuthenticodeSignature? signature = null)
        {
            var output = new PSObject(record);
            foreach (string algorithm in record.Algorithms)
            {
                output.Properties.Add(new PSNoteProperty(algorithm, record.GetHash(algorithm)));
            }

            if (signature != null)
            {
                output.Properties.Add(new PSNoteProperty("SignatureStatus", signature.Status));
                output.Properties.Add(new PSNoteProperty("SignerSubject", signature.SignerSubject));
                output.Properties.Add(new PSNoteProperty("SignerThumbprint", signature.SignerThumbprint));
                output.Properties.Add(new PSNoteProperty("TimestampUtc", signature.TimestampUtc));
            }

            return output;
        }
    }
}
