"""Contains all the data models used in inputs/outputs"""

from .analytics import Analytics
from .api_error_response import APIErrorResponse
from .chat_request import ChatRequest
from .chat_response import ChatResponse
from .citation import Citation
from .conversation import Conversation
from .conversation_list import ConversationList
from .conversation_message import ConversationMessage
from .conversation_message_role import ConversationMessageRole
from .conversation_summary import ConversationSummary
from .create_file_source import CreateFileSource
from .create_file_source_contenttype import CreateFileSourceContenttype
from .create_text_source import CreateTextSource
from .create_url_source import CreateUrlSource
from .deleted import Deleted
from .source import Source
from .source_content_type_type_0 import SourceContentTypeType0
from .source_deleted import SourceDeleted
from .source_list import SourceList
from .source_stats import SourceStats
from .source_status import SourceStatus
from .source_type import SourceType
from .tool_call_out import ToolCallOut
from .tool_call_out_arguments import ToolCallOutArguments
from .tool_call_out_status import ToolCallOutStatus
from .tool_create import ToolCreate
from .tool_create_method import ToolCreateMethod
from .tool_create_parameters_type_0 import ToolCreateParametersType0
from .tool_created import ToolCreated
from .tool_created_method import ToolCreatedMethod
from .tool_created_parameters import ToolCreatedParameters
from .tool_list import ToolList
from .tool_out import ToolOut
from .tool_out_method import ToolOutMethod
from .tool_out_parameters import ToolOutParameters
from .upload import Upload
from .upload_headers import UploadHeaders
from .usage import Usage
from .usage_engine import UsageEngine
from .validation_error_item import ValidationErrorItem
from .validation_error_response import ValidationErrorResponse

__all__ = (
    "Analytics",
    "APIErrorResponse",
    "ChatRequest",
    "ChatResponse",
    "Citation",
    "Conversation",
    "ConversationList",
    "ConversationMessage",
    "ConversationMessageRole",
    "ConversationSummary",
    "CreateFileSource",
    "CreateFileSourceContenttype",
    "CreateTextSource",
    "CreateUrlSource",
    "Deleted",
    "Source",
    "SourceContentTypeType0",
    "SourceDeleted",
    "SourceList",
    "SourceStats",
    "SourceStatus",
    "SourceType",
    "ToolCallOut",
    "ToolCallOutArguments",
    "ToolCallOutStatus",
    "ToolCreate",
    "ToolCreated",
    "ToolCreatedMethod",
    "ToolCreatedParameters",
    "ToolCreateMethod",
    "ToolCreateParametersType0",
    "ToolList",
    "ToolOut",
    "ToolOutMethod",
    "ToolOutParameters",
    "Upload",
    "UploadHeaders",
    "Usage",
    "UsageEngine",
    "ValidationErrorItem",
    "ValidationErrorResponse",
)
