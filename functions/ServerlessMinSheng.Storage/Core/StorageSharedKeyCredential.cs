using System.Security.Cryptography;
using System.Text;

namespace ServerlessMinSheng.Storage;

/// <summary>An account name and its key; signs string-to-sign values with HMAC-SHA256 (Shared Key).</summary>
public sealed class StorageSharedKeyCredential
{
    private readonly byte[] _key;

    public StorageSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        AccountName = accountName;
        try
        {
            _key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException)
        {
            throw new FormatException($"The AccountKey for account '{accountName}' is not valid base64.");
        }

        if (_key.Length == 0)
        {
            throw new FormatException($"The AccountKey for account '{accountName}' is empty.");
        }
    }

    public string AccountName { get; }

    public string ComputeSignature(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
}
