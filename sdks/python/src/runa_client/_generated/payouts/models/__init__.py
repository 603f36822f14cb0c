"""Contains all the data models used in inputs/outputs"""

from .account_payment import AccountPayment
from .api_error_response import APIErrorResponse
from .async_accepted_order import AsyncAcceptedOrder
from .async_accepted_order_status import AsyncAcceptedOrderStatus
from .balance import Balance
from .category import Category
from .category_list import CategoryList
from .completed_order_item import CompletedOrderItem
from .completed_order_with_basic_details import CompletedOrderWithBasicDetails
from .completed_order_with_basic_details_status import (
    CompletedOrderWithBasicDetailsStatus,
)
from .completed_order_with_full_details import CompletedOrderWithFullDetails
from .completed_order_with_full_details_metadata_type_0 import (
    CompletedOrderWithFullDetailsMetadataType0,
)
from .completed_order_with_full_details_status import (
    CompletedOrderWithFullDetailsStatus,
)
from .completed_order_with_full_details_transaction_detail import (
    CompletedOrderWithFullDetailsTransactionDetail,
)
from .content_resources_html import ContentResourcesHTML
from .content_resources_markdown import ContentResourcesMarkdown
from .content_resources_url import ContentResourcesUrl
from .country_list import CountryList
from .email_distribution import EmailDistribution
from .get_single_product_content import GetSingleProductContent
from .gift_card_details import GiftCardDetails
from .gift_card_details_barcode_format_type_0 import GiftCardDetailsBarcodeFormatType0
from .gift_card_details_e_code_usage_type import GiftCardDetailsECodeUsageType
from .gift_card_details_redeemable_at import GiftCardDetailsRedeemableAt
from .incomplete_order import IncompleteOrder
from .incomplete_order_status import IncompleteOrderStatus
from .link_distribution import LinkDistribution
from .multiple_product import MultipleProduct
from .new_account_payment import NewAccountPayment
from .new_order_details import NewOrderDetails
from .new_order_details_metadata_type_0 import NewOrderDetailsMetadataType0
from .new_order_item_details import NewOrderItemDetails
from .order_item_discount import OrderItemDiscount
from .order_item_price_request import OrderItemPriceRequest
from .order_list import OrderList
from .order_price_request import OrderPriceRequest
from .order_price_response import OrderPriceResponse
from .order_price_response_transaction_detail import OrderPriceResponseTransactionDetail
from .page import Page
from .page_cursors import PageCursors
from .pageable_meta import PageableMeta
from .payment_assets import PaymentAssets
from .payment_denominations import PaymentDenominations
from .payout_details import PayoutDetails
from .payout_details_status import PayoutDetailsStatus
from .payout_selection_template import PayoutSelectionTemplate
from .payout_selection_template_detailed import PayoutSelectionTemplateDetailed
from .pong import Pong
from .priced_multiple_product import PricedMultipleProduct
from .product import Product
from .product_assets import ProductAssets
from .product_availability import ProductAvailability
from .product_customer_service import ProductCustomerService
from .product_denominations import ProductDenominations
from .product_denominations_type import ProductDenominationsType
from .product_expiry import ProductExpiry
from .product_expiry_type import ProductExpiryType
from .product_list import ProductList
from .product_payment import ProductPayment
from .product_payout_type import ProductPayoutType
from .product_state import ProductState
from .product_subscription_plan import ProductSubscriptionPlan
from .product_subscription_plan_length_unit import ProductSubscriptionPlanLengthUnit
from .rate_exceeded_response import RateExceededResponse
from .recipient_distribution import RecipientDistribution
from .single_product import SingleProduct
from .single_product_with_usage_config import SingleProductWithUsageConfig
from .subscription_details import SubscriptionDetails
from .subscription_details_barcode_format_type_0 import (
    SubscriptionDetailsBarcodeFormatType0,
)
from .subscription_details_e_code_usage_type import SubscriptionDetailsECodeUsageType
from .subscription_details_redeemable_at import SubscriptionDetailsRedeemableAt
from .sync_completed_order import SyncCompletedOrder
from .sync_completed_order_metadata_type_0 import SyncCompletedOrderMetadataType0
from .sync_completed_order_transaction_detail import SyncCompletedOrderTransactionDetail
from .transaction_detail_entry import TransactionDetailEntry
from .transaction_detail_fee import TransactionDetailFee
from .transaction_detail_fx_details import TransactionDetailFXDetails
from .unknown_product import UnknownProduct
from .usage_config import UsageConfig
from .validation_error_item import ValidationErrorItem
from .validation_error_response import ValidationErrorResponse

__all__ = (
    "AccountPayment",
    "APIErrorResponse",
    "AsyncAcceptedOrder",
    "AsyncAcceptedOrderStatus",
    "Balance",
    "Category",
    "CategoryList",
    "CompletedOrderItem",
    "CompletedOrderWithBasicDetails",
    "CompletedOrderWithBasicDetailsStatus",
    "CompletedOrderWithFullDetails",
    "CompletedOrderWithFullDetailsMetadataType0",
    "CompletedOrderWithFullDetailsStatus",
    "CompletedOrderWithFullDetailsTransactionDetail",
    "ContentResourcesHTML",
    "ContentResourcesMarkdown",
    "ContentResourcesUrl",
    "CountryList",
    "EmailDistribution",
    "GetSingleProductContent",
    "GiftCardDetails",
    "GiftCardDetailsBarcodeFormatType0",
    "GiftCardDetailsECodeUsageType",
    "GiftCardDetailsRedeemableAt",
    "IncompleteOrder",
    "IncompleteOrderStatus",
    "LinkDistribution",
    "MultipleProduct",
    "NewAccountPayment",
    "NewOrderDetails",
    "NewOrderDetailsMetadataType0",
    "NewOrderItemDetails",
    "OrderItemDiscount",
    "OrderItemPriceRequest",
    "OrderList",
    "OrderPriceRequest",
    "OrderPriceResponse",
    "OrderPriceResponseTransactionDetail",
    "Page",
    "PageableMeta",
    "PageCursors",
    "PaymentAssets",
    "PaymentDenominations",
    "PayoutDetails",
    "PayoutDetailsStatus",
    "PayoutSelectionTemplate",
    "PayoutSelectionTemplateDetailed",
    "Pong",
    "PricedMultipleProduct",
    "Product",
    "ProductAssets",
    "ProductAvailability",
    "ProductCustomerService",
    "ProductDenominations",
    "ProductDenominationsType",
    "ProductExpiry",
    "ProductExpiryType",
    "ProductList",
    "ProductPayment",
    "ProductPayoutType",
    "ProductState",
    "ProductSubscriptionPlan",
    "ProductSubscriptionPlanLengthUnit",
    "RateExceededResponse",
    "RecipientDistribution",
    "SingleProduct",
    "SingleProductWithUsageConfig",
    "SubscriptionDetails",
    "SubscriptionDetailsBarcodeFormatType0",
    "SubscriptionDetailsECodeUsageType",
    "SubscriptionDetailsRedeemableAt",
    "SyncCompletedOrder",
    "SyncCompletedOrderMetadataType0",
    "SyncCompletedOrderTransactionDetail",
    "TransactionDetailEntry",
    "TransactionDetailFee",
    "TransactionDetailFXDetails",
    "UnknownProduct",
    "UsageConfig",
    "ValidationErrorItem",
    "ValidationErrorResponse",
)
